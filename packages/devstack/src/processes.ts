import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * A long-running child of the dev stack. Every service is spawned `detached`, i.e. as the leader of its own
 * process group, so that stopping it reaches the grandchildren too (`next start`, tsx, the Temporal server's
 * helpers) and a Ctrl-C in the terminal reaches only the orchestrator, which then stops services in order.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly stopSignal: NodeJS.Signals;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly hasExited: () => boolean;
  /** The last lines the process wrote, for error messages. */
  readonly recentOutput: () => string;
}

export interface SpawnServiceOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Everything the process writes goes here (appended). */
  logFile?: string;
  /** Also echo output to this stream, each line prefixed with `[name]`. */
  echo?: NodeJS.WritableStream;
  uid?: number;
  gid?: number;
  /** The signal that asks this process to shut down cleanly (Postgres: SIGINT, "fast shutdown"). */
  stopSignal?: NodeJS.Signals;
}

const running = new Set<ServiceProcess>();

/** Services spawned by this process that have not exited, e.g. to stop a start-up cut short by Ctrl-C. */
export function runningServices(): ServiceProcess[] {
  return [...running];
}

export function spawnService(options: SpawnServiceOptions): ServiceProcess {
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  if (options.uid !== undefined) spawnOptions.uid = options.uid;
  if (options.gid !== undefined) spawnOptions.gid = options.gid;
  const child = spawn(options.command, options.args, spawnOptions);
  if (child.pid === undefined) {
    throw new Error(`Could not start ${options.name} (${options.command}): is it installed and executable?`);
  }

  // The first lines and the last ones: a Go panic names its cause at the top of a long stack trace.
  const head: string[] = [];
  const tail: string[] = [];
  let dropped = 0;
  let partial = '';
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (head.length < 10) head.push(line);
      else {
        tail.push(line);
        if (tail.length > 40) {
          tail.shift();
          dropped++;
        }
      }
      options.echo?.write(`[${options.name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      tail.push(String(error));
      done = true;
      resolve({ code: -1, signal: null });
    });
  });
  const service: ServiceProcess = {
    name: options.name,
    pid: child.pid,
    stopSignal: options.stopSignal ?? 'SIGTERM',
    child,
    exited,
    hasExited: () => done,
    recentOutput: () =>
      [...head, ...(dropped > 0 ? [`… ${dropped} lines …`] : []), ...tail, partial]
        .filter(Boolean)
        .join('\n'),
  };
  running.add(service);
  void exited.then(() => {
    running.delete(service);
    log?.end();
  });
  return service;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers signal 0; it is gone for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stateOf(stat) !== 'Z';
  } catch {
    return true;
  }
}

function stateOf(stat: string): string {
  // The command name is in parentheses and may contain spaces; the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}

/** Every live descendant of `pid` (Linux /proc; empty elsewhere). Used to prove nothing is left behind. */
export function descendantPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const childrenOf = new Map<number, number[]>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      const list = childrenOf.get(parent) ?? [];
      list.push(Number(entry));
      childrenOf.set(parent, list);
    } catch {
      // The process exited while we were reading.
    }
  }
  const result: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const child of childrenOf.get(current) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a service and everything it started: `signal` to its process group, then after `graceMs` each of the
 * `escalate` signals with a short grace, ending in SIGKILL to every descendant found at the start (Postgres
 * backends call setsid and leave the group), so the caller can rely on "stopped" meaning "gone".
 */
export async function stopService(
  service: ServiceProcess,
  options: { signal?: NodeJS.Signals; graceMs?: number; escalate?: NodeJS.Signals[] } = {},
): Promise<void> {
  const family = [service.pid, ...descendantPids(service.pid)];
  const steps: Array<[NodeJS.Signals, number]> = [
    [options.signal ?? service.stopSignal, options.graceMs ?? 4000],
    ...(options.escalate ?? []).map((signal): [NodeJS.Signals, number] => [signal, 1500]),
  ];
  for (const [signal, graceMs] of steps) {
    if (!family.some(isAlive)) break;
    signalGroup(service.pid, signal);
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && family.some(isAlive)) await sleep(50);
  }
  if (family.some(isAlive)) {
    for (const pid of family) signalGroup(pid, 'SIGKILL');
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && family.some(isAlive)) await sleep(50);
  }
  await Promise.race([service.exited, sleep(1000)]);
}
