/**
 * `npm start`: scripts/start.mjs installs what is missing, then imports this file (through tsx). It runs the
 * whole stack in the foreground until Ctrl-C or SIGTERM, then stops every child.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnv } from '@nudgeflow/config';
import { descendantPids, isAlive, runningServices, startDevStack, stopService, type DevStack } from './index';
import { projectRoot } from './project';

const say = (message: string) => process.stdout.write(`▸ ${message}\n`);
const started = Date.now();
const config = readEnv(process.env);
const dataDir = path.resolve(config.NUDGEFLOW_DATA_DIR ?? path.join(projectRoot, '.data'));
mkdirSync(dataDir, { recursive: true, mode: 0o755 });

// One stack per data dir. A lock left by a run that was killed outright (no chance to clean up) is stale
// when its pid is gone; the services it recorded are then orphans and ours to stop.
const lockFile = path.join(dataDir, 'devstack.json');
interface Lock {
  pid: number;
  services: Array<{ name: string; pid: number; stopSignal: NodeJS.Signals }>;
}
const writeLock = (services: Lock['services']) =>
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, services } satisfies Lock, null, 2));

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function stopOrphans(lock: Lock): Promise<void> {
  for (const orphan of lock.services) {
    // Only processes that are recognisably ours: a recycled pid must not be signalled.
    const line = commandLine(orphan.pid);
    if (!isAlive(orphan.pid) || !(line.includes(projectRoot) || line.includes(dataDir))) continue;
    say(`Stopping ${orphan.name} (pid ${orphan.pid}) left running by an earlier run that was killed`);
    try {
      process.kill(-orphan.pid, orphan.stopSignal);
    } catch {
      process.kill(orphan.pid, orphan.stopSignal);
    }
    const deadline = Date.now() + 8000;
    while (isAlive(orphan.pid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(orphan.pid)) process.kill(orphan.pid, 'SIGKILL');
  }
}

if (existsSync(lockFile)) {
  let lock: Lock | undefined;
  try {
    lock = JSON.parse(readFileSync(lockFile, 'utf8')) as Lock;
  } catch {
    lock = undefined;
  }
  if (lock && lock.pid !== process.pid && isAlive(lock.pid) && commandLine(lock.pid).includes('node')) {
    say(`Nudgeflow is already running from this data dir (pid ${lock.pid}): ${dataDir}`);
    process.exit(1);
  }
  if (lock) await stopOrphans(lock);
}
writeLock([]);

let stack: DevStack | undefined;
let stopping = false;

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say(`${reason}: stopping…`);
    // The stops below escalate on their own; this is the backstop that keeps the 10 s promise and still
    // leaves nothing running (SIGKILL is safe for Postgres: it recovers from its WAL on the next start).
    const hardStop = setTimeout(() => {
      say('Shutdown took longer than 9.5 s; killing what is left.');
      for (const service of runningServices()) {
        for (const pid of [service.pid, ...descendantPids(service.pid)]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      process.exit(exitCode || 1);
    }, 9_500);
    hardStop.unref();
    if (stack) await stack.stop();
    else await Promise.all(runningServices().map((service) => stopService(service)));
    rmSync(lockFile, { force: true });
    say('Stopped. Data kept in ' + dataDir);
    process.exit(exitCode);
  }
  return new Promise<never>(() => undefined);
}

// npm forwards the terminal's SIGINT to us as well as the terminal itself, so one Ctrl-C can arrive twice:
// later signals are ignored while the first shutdown runs (it is bounded by the 10 s hard stop).
process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

function summary(running: DevStack): string {
  const lines = [
    '',
    '  Nudgeflow is running',
    '',
    `  App          ${running.webUrl ?? '(web app not started)'}`,
    `  Health       ${running.webUrl ? `${running.webUrl}/api/health (${running.health ?? 'not checked'})` : '-'}`,
    `  Temporal UI  ${running.temporalUiUrl ?? `(external Temporal at ${running.temporalAddress})`}`,
    `  Login        ${running.demoLogin ? `${running.demoLogin.email} / ${running.demoLogin.password}` : '(sign up in the app)'}`,
  ];
  if (config.SMTP_URL) lines.push(`  SMTP         ${config.SMTP_URL}`);
  else if (running.worker)
    lines.push(
      '  Mail         caught by the worker on smtp://127.0.0.1:1025 (kept in the database, not sent)',
    );
  lines.push(
    '',
    `  Database     ${running.databaseUrl}`,
    `  Temporal     ${running.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
    `  Data         ${running.dataDir}`,
    `  Logs         ${running.logDir}`,
    '',
    ...running.notes.map((note) => `  Note: ${note}`),
    ...(running.notes.length > 0 ? [''] : []),
    `  Up in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything; data is kept.`,
    '',
  );
  return lines.join('\n');
}

try {
  stack = await startDevStack({
    dataDir,
    echo: process.stdout,
    onProgress: (message) => {
      say(message);
      // Recorded as they start, so a run killed during start-up leaves no unrecorded orphans.
      writeLock(runningServices().map(({ name, pid, stopSignal }) => ({ name, pid, stopSignal })));
    },
    reapOrphanPostgres: true,
  });
} catch (error) {
  say(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown('Start failed', 1);
}

if (stack && !stopping) {
  writeLock(stack.services().map(({ name, pid, stopSignal }) => ({ name, pid, stopSignal })));
  process.stdout.write(`${summary(stack)}\n`);
  // A service that dies on its own takes the stack down: a half-running stack is harder to reason about.
  for (const service of stack.services()) {
    void service.exited.then(({ code, signal }) => {
      if (stopping) return;
      say(`${service.name} exited unexpectedly (${signal ?? `code ${code}`}):\n${service.recentOutput()}`);
      void shutdown(`${service.name} stopped`, 1);
    });
  }
}
