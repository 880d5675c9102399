export { runCli } from './cli';
export type { CliIo } from './command';
export { JourneysClient, TemplatesClient, ApiError } from './client';
