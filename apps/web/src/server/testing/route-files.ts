import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The App Router directory: every `route.ts` below it is a route module. */
export const APP_DIR = fileURLToPath(new URL('../../app', import.meta.url));

/** Every route module file under the app, relative to it (`v1/track/route.ts`), found on disk. */
export function routeFiles(dir = APP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return routeFiles(path);
      return entry.name === 'route.ts' ? [relative(APP_DIR, path)] : [];
    })
    .sort();
}

/** The URL of a route file, with every dynamic segment filled in (by `fill`, default `x`). */
export function urlOf(
  file: string,
  fill: (name: string) => string = () => 'x',
): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const path = file
    .replace(/\/?route\.ts$/, '')
    .split('/')
    .map((segment) => {
      const name = /^\[(?:\.\.\.)?(.+)\]$/.exec(segment)?.[1];
      if (!name) return segment;
      params[name] = fill(name);
      return encodeURIComponent(params[name]);
    })
    .join('/');
  return { url: `http://nudgeflow.test/${path}`, params };
}
