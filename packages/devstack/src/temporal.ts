import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { readEnv } from '@nudgeflow/config';
import { RUN_SEARCH_ATTRIBUTES } from '@nudgeflow/journey';
import { freePort } from './ports';
import { projectRoot } from './project';
import { spawnService, stopService, type ServiceProcess } from './processes';

/** The Temporal CLI version the bootstrap builds (later tags carry `replace` directives `go install` refuses). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `temporal` binary: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the project's git-ignored
 * `.tools/bin/temporal`. `npm start`, `npm test` and `npm run bench` build the last one when none exists
 * (scripts/bootstrap.mjs), so by the time TypeScript runs this normally succeeds.
 */
export function findTemporalCli(source: NodeJS.ProcessEnv = process.env): string {
  const configured = readEnv(source).TEMPORAL_CLI_PATH;
  if (configured) {
    if (!isExecutable(configured))
      throw new Error(`TEMPORAL_CLI_PATH=${configured} is not an executable file.`);
    return configured;
  }
  for (const dir of (source.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  const local = path.join(projectRoot, '.tools', 'bin', 'temporal');
  if (isExecutable(local)) return local;
  throw new Error(
    'No Temporal CLI found (TEMPORAL_CLI_PATH, PATH, .tools/bin/temporal). Run `npm start` once to build it, or ' +
      `\`GOBIN=${path.join(projectRoot, '.tools', 'bin')} go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}\`.`,
  );
}

/**
 * The dev server runs one history shard, and its transfer-queue reader polls that shard at most 20 times a
 * second by default: every workflow and activity task then waited ~30 ms on average before matching even
 * saw it (the `task_latency_load` metric), three times per one-activity round trip. Measured on this stack:
 * round trip p50 150 ms → 30 ms. The reader is woken by new tasks, so the higher cap costs nothing idle.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, number | string>> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  // Deleting a closed execution waits until the queue's ack level passes its close task, and that level is
  // saved every 30 s by default: erasing a customer (docs/api.md) then left their runs' history for up to a
  // minute. One write a second to the dev store is nothing.
  'history.transferProcessorUpdateAckInterval': '1s',
};

/**
 * For the file-backed store: WAL lets readers run beside the writer, and `synchronous=normal` syncs at WAL
 * checkpoints instead of every commit (a power cut may lose the last commits, never corrupts the file; the
 * dev store is for development and demos). A workflow start went from 7-50 ms to 2-3 ms.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal', 'synchronous=normal'];

export interface StartTemporalOptions {
  /** gRPC frontend port; a free one when omitted. */
  port?: number;
  /** Web UI port; the UI is disabled (`--headless`) when omitted. */
  uiPort?: number;
  /** SQLite file for persistence; in-memory when omitted. */
  dbFile?: string;
  cliPath?: string;
  logFile?: string;
  namespace?: string;
  /** Without SQLITE_PRAGMAS and DEV_SERVER_DYNAMIC_CONFIG: benchmarks measure the stock server as their "before". */
  stock?: boolean;
}

export interface TemporalHandle {
  /** host:port of the gRPC frontend, i.e. TEMPORAL_ADDRESS. */
  readonly address: string;
  readonly port: number;
  readonly uiUrl: string | undefined;
  readonly namespace: string;
  readonly service: ServiceProcess;
  stop(): Promise<void>;
}

/** Raised when the dev server process ended before it served: worth one more try on other ports. */
class ExitedDuringStartUp extends Error {}

async function waitUntilServing(address: string, namespace: string, service: ServiceProcess, log: string) {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (service.hasExited()) {
      throw new ExitedDuringStartUp(
        `The Temporal dev server exited during start-up (log: ${log}):\n${service.recentOutput()}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `The Temporal dev server did not serve ${namespace} within 60 s (log: ${log}): ${String(lastError)}`,
  );
}

/**
 * Starts `temporal server start-dev` and resolves once the namespace answers over gRPC. Its HTTP and metrics
 * ports (and the gRPC port unless given) are picked free a moment before the server binds them; when another
 * process takes one in between, the server exits at start-up, so it is started again on fresh ports (twice at
 * most) before the error is reported.
 */
export async function startTemporal(options: StartTemporalOptions = {}): Promise<TemporalHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalOnce(options);
    } catch (error) {
      if (!(error instanceof ExitedDuringStartUp) || attempt >= 3) throw error;
    }
  }
}

async function startTemporalOnce(options: StartTemporalOptions): Promise<TemporalHandle> {
  const cli = options.cliPath ?? findTemporalCli();
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const logFile =
    options.logFile ?? (options.dbFile ? path.join(path.dirname(options.dbFile), 'temporal.log') : undefined);
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    // Fixed rather than random so the ports never collide with the ones we hand out next.
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
    '--log-level',
    'warn',
  ];
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  const tuned = !options.stock;
  if (options.dbFile) {
    args.push('--db-filename', options.dbFile);
    if (tuned) args.push(...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]));
  }
  if (tuned) {
    for (const [key, value] of Object.entries(DEV_SERVER_DYNAMIC_CONFIG))
      args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  // Every journeyRun is started with these; an unregistered one would make each start fail.
  for (const attribute of Object.values(RUN_SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${attribute.name}=${attribute.type}`);

  const service = spawnService({
    name: 'temporal',
    command: cli,
    args,
    ...(logFile ? { logFile } : {}),
    // Its config loader reads ~/.config/temporalio; a user's profile there must not redirect the server.
    env: { ...process.env, TEMPORAL_ADDRESS: undefined, TEMPORAL_NAMESPACE: undefined },
  });
  const address = `127.0.0.1:${port}`;
  const handle: TemporalHandle = {
    address,
    port,
    uiUrl: options.uiPort === undefined ? undefined : `http://localhost:${options.uiPort}`,
    namespace,
    service,
    stop: () => stopService(service, { signal: 'SIGTERM', graceMs: 4000 }),
  };
  try {
    await waitUntilServing(address, namespace, service, logFile ?? 'not kept');
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}
