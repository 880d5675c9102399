import { OfflineCheckError } from './offline-check';

export interface CliIo {
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** NUDGEFLOW_URL / NUDGEFLOW_API_KEY (flags --url / --key win). */
  url: string | undefined;
  apiKey: string | undefined;
}

export class UsageError extends Error {}

export function usage(message: string): UsageError {
  return new UsageError(message);
}

export type CliOptions = {
  publish: boolean;
  templates: boolean;
  id?: string;
  version?: string;
  from?: string;
  file?: string;
  map?: string[];
  url?: string;
  key?: string;
};

export async function readDocument(io: CliIo, path: string): Promise<unknown> {
  const text = await io.readFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OfflineCheckError(path, [{ message: `is not valid JSON (${(error as Error).message})` }]);
  }
}

/** The server's URL and key, from flags or the environment. */
export function connection(io: CliIo, options: CliOptions): { url: string; key: string } {
  const url = options.url ?? io.url;
  const key = options.key ?? io.apiKey;
  if (!url || !key) throw usage('Set NUDGEFLOW_URL and NUDGEFLOW_API_KEY (or pass --url and --key)');
  return { url, key };
}
