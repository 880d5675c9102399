// Brings a fresh checkout to the point where TypeScript can run: dependencies installed, the Prisma client
// generated, the Temporal CLI found or built. Plain Node, no dependencies: it runs before node_modules exists.
// Shared by start.mjs, test.mjs and bench.mjs. This file reads process.env directly because
// @nudgeflow/config cannot be loaded yet.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const toolsBin = path.join(root, '.tools', 'bin');

export const say = (message) => process.stdout.write(`▸ ${message}\n`);

export class BootstrapError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new BootstrapError(`${command} could not run: ${result.error.message}`);
  return result.status ?? 1;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new BootstrapError(
      `Node ${process.versions.node} is too old: install Node 20.19 or newer (22 LTS works).`,
    );
  }
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/**
 * Installs dependencies when node_modules is missing or older than the lockfile or a package.json. A fresh
 * checkout gets `npm ci` (exactly the lockfile; nothing to delete yet). An existing node_modules gets
 * `npm install`, which never deletes the tree others may be using. Install scripts follow `allowScripts` in
 * package.json either way.
 */
export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lockfile = path.join(root, 'package-lock.json');
  const manifests = [path.join(root, 'package.json')];
  for (const group of ['apps', 'packages']) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) manifests.push(path.join(dir, name, 'package.json'));
  }
  manifests.push(path.join(root, 'workflows', 'package.json'));
  const required = ['tsx', 'vitest', 'next', 'eslint', 'typescript', 'prisma'].map((name) =>
    path.join(root, 'node_modules', name, 'package.json'),
  );
  const installedAt = mtime(marker);
  const stale =
    installedAt === 0 ||
    required.some((file) => !existsSync(file)) ||
    [lockfile, ...manifests].some((file) => mtime(file) > installedAt);
  if (!stale) return false;

  const flags = ['--no-audit', '--no-fund'];
  // npm leaves its marker untouched when nothing changed; touching it keeps the next check cheap.
  const done = () => {
    if (existsSync(marker)) utimesSync(marker, new Date(), new Date());
    return true;
  };
  if (!existsSync(path.join(root, 'node_modules')) && existsSync(lockfile)) {
    say('Installing dependencies from package-lock.json (npm ci)…');
    if (run('npm', ['ci', ...flags]) === 0) return done();
    say('npm ci failed (is package-lock.json out of sync with a package.json?); trying npm install…');
  } else {
    say('Dependencies are missing or older than package.json / package-lock.json: npm install…');
  }
  if (run('npm', ['install', ...flags]) !== 0) throw new BootstrapError('npm install failed (see above).');
  return done();
}

/** Generates the Prisma client when it is missing or older than prisma/schema.prisma. */
export function ensurePrismaClient() {
  const schema = path.join(root, 'prisma', 'schema.prisma');
  const generated = path.join(root, 'packages', 'db', 'src', 'generated', 'prisma', 'client.ts');
  if (existsSync(generated) && mtime(generated) >= mtime(schema)) return false;
  say('Generating the Prisma client…');
  if (run(process.execPath, [path.join(root, 'scripts', 'prisma-generate.mjs')]) !== 0) {
    throw new BootstrapError('Generating the Prisma client failed (see above).');
  }
  return true;
}

/** TEMPORAL_CLI_PATH, else `temporal` on PATH, else .tools/bin/temporal; undefined when there is none. */
export function findTemporalCli() {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!isExecutable(configured))
      throw new BootstrapError(`TEMPORAL_CLI_PATH=${configured} is not an executable file.`);
    return configured;
  }
  return (
    onPath('temporal') ??
    (isExecutable(path.join(toolsBin, 'temporal')) ? path.join(toolsBin, 'temporal') : undefined)
  );
}

/**
 * The Temporal CLI (which embeds the dev server and its UI). Built into the git-ignored .tools/bin with
 * `go install` when no binary exists: pure Go, no cgo; a cold build takes about 2–3 minutes, a build with a
 * warm Go module cache well under one.
 */
export function ensureTemporalCli() {
  const found = findTemporalCli();
  if (found) return found;
  const go = onPath('go', ['/usr/local/go/bin', path.join(process.env.HOME ?? '/root', 'go', 'bin')]);
  if (!go) {
    throw new BootstrapError(
      [
        'The Temporal CLI is needed and there is neither a `temporal` binary nor Go to build one. Either:',
        '  • install Go 1.23 or newer (https://go.dev/dl/ or `apt-get install golang`), then run this again, or',
        `  • download the Temporal CLI ${TEMPORAL_CLI_VERSION} (https://github.com/temporalio/cli/releases) and set`,
        '    TEMPORAL_CLI_PATH=/path/to/temporal (or put it on PATH), or',
        '  • point Nudgeflow at a running Temporal server with TEMPORAL_ADDRESS=host:7233.',
      ].join('\n'),
    );
  }
  mkdirSync(toolsBin, { recursive: true });
  say(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} into .tools/bin (once; a cold build takes 2–3 minutes)…`,
  );
  const started = Date.now();
  const status = run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: toolsBin, CGO_ENABLED: '0' },
  });
  const built = path.join(toolsBin, 'temporal');
  if (status !== 0 || !isExecutable(built))
    throw new BootstrapError('Building the Temporal CLI failed (see above).');
  say(`Built the Temporal CLI in ${((Date.now() - started) / 1000).toFixed(0)} s: ${built}`);
  return built;
}

/** Registers tsx in this process so TypeScript sources can be imported. */
export async function enableTypeScript() {
  const api = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
  const { register } = await import(api);
  register();
}

/** Everything `npm start` / `npm test` / `npm run bench` need before TypeScript runs. */
export function bootstrap({ needTemporalCli = true } = {}) {
  checkNode();
  ensureDependencies();
  ensurePrismaClient();
  const temporalCli = needTemporalCli ? ensureTemporalCli() : undefined;
  return { temporalCli };
}

/** Runs `main`, turning a BootstrapError into a clear message and exit code 1. */
export async function runMain(main) {
  try {
    await main();
  } catch (error) {
    if (error instanceof BootstrapError) {
      process.stderr.write(`\n✗ ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
