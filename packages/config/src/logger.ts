import pino, { type Logger } from 'pino';
import { env } from './env';

/** Structured JSON logs in production; pino-pretty in development so a person can read them. */
export function createLogger(name: string): Logger {
  const { LOG_LEVEL, NODE_ENV } = env();
  return pino({
    name,
    level: LOG_LEVEL,
    ...(NODE_ENV === 'development'
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l' } } }
      : {}),
  });
}
export type { Logger };
