export { runCli, type CliIo } from './cli';
export { JourneysClient, ApiError } from './client';
