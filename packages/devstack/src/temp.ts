import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway directory that Postgres can use even when we are root: mkdtemp makes it 0700, which the
 * `postgres` user could not enter, so it is opened up to 0755 (its contents set their own modes).
 */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}
