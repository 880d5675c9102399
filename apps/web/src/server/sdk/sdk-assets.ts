import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger, env } from '@nudgeflow/config';
import { HttpError } from '../http/responses';

const log = createLogger('web:sdk');

/**
 * The built SDK (packages/sdk-browser/dist, git-ignored). The first request of a process builds it when it
 * is missing or older than its sources, by running the package's esbuild script as a child process: no
 * build step can be forgotten (`next dev`, `next start`, the test harness), and esbuild's native binary
 * stays out of the Next.js bundle. Files are served from disk, byte for byte what esbuild wrote.
 */
export const SDK_ASSETS: Record<string, string> = {
  'nudgeflow.js': 'text/javascript; charset=utf-8',
  'nudgeflow.js.map': 'application/json; charset=utf-8',
  'nudgeflow.esm.js': 'text/javascript; charset=utf-8',
  'nudgeflow.esm.js.map': 'application/json; charset=utf-8',
  'sw.js': 'text/javascript; charset=utf-8',
  'sw.js.map': 'application/json; charset=utf-8',
};

// `next dev`/`next start` run in apps/web; a custom server may run from the repository root.
function packageDirectory(): string | null {
  const candidates = [
    path.resolve(process.cwd(), '../../packages/sdk-browser'),
    path.resolve(process.cwd(), 'packages/sdk-browser'),
  ];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'scripts/build.mjs'))) ?? null;
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isCurrent(pkg: string): boolean {
  const built = path.join(pkg, 'dist', 'sw.js');
  if (!existsSync(built) || !existsSync(path.join(pkg, 'dist', 'nudgeflow.js'))) return false;
  return statSync(built).mtimeMs >= newestSourceMtime(path.join(pkg, 'src'));
}

function runBuild(pkg: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(pkg, 'scripts', 'build.mjs')], {
      cwd: pkg,
      stdio: 'pipe',
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`SDK build failed: ${output.slice(-2000)}`)),
    );
  });
}

let checked: Promise<string> | null = null;
let checking = false;

/**
 * The dist directory, built if needed. Production checks once per process; development on every request,
 * except while a check is running, so simultaneous requests never start two builds writing the same files.
 */
function ensureBuilt(): Promise<string> {
  if (checked && (checking || env().NODE_ENV === 'production')) return checked;
  checking = true;
  const attempt = (async () => {
    const pkg = packageDirectory();
    if (!pkg) throw new Error('packages/sdk-browser was not found next to the web app');
    if (!isCurrent(pkg)) await runBuild(pkg);
    return path.join(pkg, 'dist');
  })();
  checked = attempt
    .catch((error: unknown) => {
      checked = null;
      throw error;
    })
    .finally(() => {
      checking = false;
    });
  return checked;
}

/**
 * GET /sdk/nudgeflow.js (script tag), /sdk/nudgeflow.esm.js, /sdk/sw.js (service worker) and their maps.
 * The worker may be registered for any scope of this origin (Service-Worker-Allowed), so the demo shop can
 * scope it to /shop/ while the file lives under /sdk/.
 */
export async function handleSdkAsset(_request: Request, params: { file: string }): Promise<Response> {
  const file = params.file;
  const contentType = SDK_ASSETS[file];
  if (!contentType)
    throw new HttpError(404, {
      field: 'file',
      message: `must be one of ${Object.keys(SDK_ASSETS).join(', ')}`,
    });
  let dir: string;
  try {
    dir = await ensureBuilt();
  } catch (error) {
    log.error({ err: error }, 'the browser SDK could not be built');
    throw new HttpError(
      503,
      { field: 'server', message: `the browser SDK is not available: ${(error as Error).message}` },
      { 'Retry-After': '5' },
    );
  }
  const extraHeaders: Record<string, string> = file === 'sw.js' ? { 'Service-Worker-Allowed': '/' } : {};
  // The SDK's dist is read at run time on purpose; it is not part of the server bundle's file trace.
  const content = await readFile(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, file));
  return new Response(content, {
    status: 200,
    headers: {
      'Content-Type': contentType,
      // Short cache: a new SDK must reach browsers the same day; browsers revalidate service workers anyway.
      'Cache-Control': 'public, max-age=300',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
      ...extraHeaders,
    },
  });
}
