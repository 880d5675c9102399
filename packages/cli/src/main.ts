import { readFile } from 'node:fs/promises';
import { env } from '@nudgeflow/config';
import { runCli } from './cli';

/** Process wiring for `nudgeflow`: real fetch, files, stdout/stderr and the validated environment. */
export async function main(argv: string[]): Promise<number> {
  const { NUDGEFLOW_URL, NUDGEFLOW_API_KEY } = env();
  return runCli(argv, {
    fetch: globalThis.fetch,
    readFile: (path) => readFile(path, 'utf8'),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    url: NUDGEFLOW_URL,
    apiKey: NUDGEFLOW_API_KEY,
  });
}
