import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from './project';
import { spawnService, stopService, type ServiceProcess } from './processes';

const webDir = path.join(projectRoot, 'apps', 'web');
const stampFile = path.join(webDir, '.next', 'nudgeflow-build.json');

function nextBin(): string {
  const pkg = createRequire(path.join(webDir, 'package.json')).resolve('next/package.json');
  return path.join(path.dirname(pkg), 'dist', 'bin', 'next');
}

const skippedNames = new Set(['node_modules', '.next', 'dist', 'generated', 'coverage', 'test-results']);
const isTest = (name: string) =>
  /\.(test|integration-test|spec)\.tsx?$/.test(name) || name.endsWith('.tsbuildinfo');

function collect(dir: string, files: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skippedNames.has(entry.name) || entry.name === 'next-env.d.ts') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, files);
    else if (entry.isFile() && !isTest(entry.name)) files.push(full);
  }
}

/**
 * A content hash of everything the web build reads: the app, the workspace packages it bundles, the Prisma
 * schema (the generated client follows it), the lockfile and the TypeScript config. Content, not mtimes,
 * so a fresh clone or a branch switch back and forth does not force a rebuild.
 */
export function webSourceFingerprint(): string {
  const files: string[] = [];
  collect(webDir, files);
  collect(path.join(projectRoot, 'packages'), files);
  for (const file of ['prisma/schema.prisma', 'package-lock.json', 'tsconfig.json']) {
    files.push(path.join(projectRoot, file));
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** True when `.next` holds a production build of exactly the current sources. */
export function isWebBuildCurrent(fingerprint = webSourceFingerprint()): boolean {
  if (!existsSync(path.join(webDir, '.next', 'BUILD_ID')) || !existsSync(stampFile)) return false;
  try {
    return (
      (JSON.parse(readFileSync(stampFile, 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint
    );
  } catch {
    return false;
  }
}

export interface BuildWebOptions {
  env: NodeJS.ProcessEnv;
  logFile?: string;
  echo?: NodeJS.WritableStream;
  /** Build even when the stamp says the build is current. */
  force?: boolean;
}

/** Runs `next build` when the build is missing or stale. Resolves with whether it built. */
export async function buildWebIfStale(options: BuildWebOptions): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  const fingerprint = webSourceFingerprint();
  if (!options.force && isWebBuildCurrent(fingerprint)) return { built: false, ms: Date.now() - started };
  const build = spawnService({
    name: 'web build',
    command: process.execPath,
    args: [nextBin(), 'build'],
    cwd: webDir,
    env: { ...options.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.echo ? { echo: options.echo } : {}),
  });
  const { code, signal } = await build.exited;
  if (code !== 0) {
    throw new Error(
      `next build failed (${signal ?? `exit ${code}`})${options.logFile ? `; log: ${options.logFile}` : ''}:\n` +
        build.recentOutput(),
    );
  }
  writeFileSync(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2));
  return { built: true, ms: Date.now() - started };
}

export interface StartWebOptions {
  port: number;
  env: NodeJS.ProcessEnv;
  logFile?: string;
  echo?: NodeJS.WritableStream;
}

export interface WebHandle {
  readonly url: string;
  readonly service: ServiceProcess;
  stop(): Promise<void>;
}

/** `next start` on the current build; resolves once `/` answers. */
export async function startWeb(options: StartWebOptions): Promise<WebHandle> {
  if (!existsSync(path.join(webDir, '.next', 'BUILD_ID'))) {
    throw new Error('apps/web has no production build: call buildWebIfStale() first.');
  }
  const service = spawnService({
    name: 'web',
    command: process.execPath,
    args: [nextBin(), 'start', '-p', String(options.port)],
    cwd: webDir,
    env: { ...options.env, NODE_ENV: 'production', PORT: String(options.port), NEXT_TELEMETRY_DISABLED: '1' },
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.echo ? { echo: options.echo } : {}),
  });
  const handle: WebHandle = {
    url: `http://localhost:${options.port}`,
    service,
    stop: () => stopService(service, { signal: 'SIGTERM', graceMs: 3000 }),
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.hasExited()) {
      throw new Error(`The web app exited during start-up:\n${service.recentOutput()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}/`, {
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      if (response.status < 500) return handle;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(
        `The web app did not answer on :${options.port} within 60 s:\n${service.recentOutput()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
