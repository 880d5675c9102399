export { env, readEnv, resetEnv, type Env } from './env';
export { createLogger, type Logger } from './logger';
