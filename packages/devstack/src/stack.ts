import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnv, resetEnv } from '@nudgeflow/config';
import { applyMigrations, seedDemoWorkspace, type DemoLogin } from './database';
import { isPortFree, preferredOrFreePort } from './ports';
import { startPostgres, type PostgresHandle } from './postgres';
import { descendantPids, type ServiceProcess } from './processes';
import { startTemporal, type TemporalHandle } from './temporal';
import { buildWebIfStale, startWeb, type WebHandle } from './web';
import { startWorker, workerEntry, type WorkerHandle } from './worker';

export const DEFAULT_PORTS = { postgres: 54320, temporal: 7233, temporalUi: 8233 } as const;
export const DATABASE_NAME = 'nudgeflow';

export interface DevStackOptions {
  dataDir: string;
  /** The environment to read configuration from and pass on (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Start the web app (default true) and the worker (default true). */
  web?: boolean;
  worker?: boolean;
  /** Seed the demo workspace when it is missing (default true). */
  seed?: boolean;
  /** Where `[web]` and `[worker]` output is echoed, besides their log files. */
  echo?: NodeJS.WritableStream;
  /** Progress messages for a person watching. */
  onProgress?: (message: string) => void;
  /** Ports to use instead of the defaults (tests pass free ones so they never meet a developer's stack). */
  ports?: { postgres?: number; temporal?: number; temporalUi?: number };
  /** Stop a Postgres left running on the data dir by a killed earlier run. */
  reapOrphanPostgres?: boolean;
}

export interface DevStack {
  readonly dataDir: string;
  readonly logDir: string;
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly temporalUiUrl: string | undefined;
  readonly webUrl: string | undefined;
  readonly postgres: PostgresHandle | undefined;
  readonly temporal: TemporalHandle | undefined;
  readonly worker: WorkerHandle | undefined;
  readonly web: WebHandle | undefined;
  readonly demoLogin: DemoLogin | undefined;
  /** `/api/health` right after start (it also warms the app's database and Temporal connections). */
  readonly health: string | undefined;
  readonly notes: string[];
  /** The environment every child got: DATABASE_URL, TEMPORAL_ADDRESS, AUTH_SECRET, … */
  readonly childEnv: NodeJS.ProcessEnv;
  /** Every service we run, for supervision. */
  services(): ServiceProcess[];
  /** Service pids and all their descendants, right now. */
  pids(): number[];
  /** Stops web and worker first, then Temporal and Postgres; well within 10 s. */
  stop(): Promise<void>;
}

/** AUTH_SECRET from the environment, else generated once and kept in the data dir. */
export function authSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * NUDGEFLOW_SECRET_KEY (encrypts secrets at rest) from the environment, else generated once and kept in the
 * data dir beside the database it opens: deleting one without the other leaves sealed secrets unreadable.
 * Also put into this process's environment, where the migrations' re-seal step and the demo seed read it.
 */
export function secretKey(dataDir: string, configured: string | undefined): string {
  let key = configured;
  if (!key) {
    const file = path.join(dataDir, 'secret-key');
    if (existsSync(file)) key = readFileSync(file, 'utf8').trim();
    else {
      key = randomBytes(32).toString('base64');
      writeFileSync(file, `${key}\n`, { mode: 0o600 });
    }
  }
  if (process.env.NUDGEFLOW_SECRET_KEY !== key) {
    process.env.NUDGEFLOW_SECRET_KEY = key;
    resetEnv();
  }
  return key;
}

async function checkHealth(port: number): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, {
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status === 404) return 'no /api/health route';
    const body = (await response.json().catch(() => ({}))) as { status?: string };
    return body.status ?? `HTTP ${response.status}`;
  } catch (error) {
    return `no answer (${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const source = options.env ?? process.env;
  const config = readEnv(source);
  const progress = options.onProgress ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o755 });
  const notes: string[] = [];

  let postgres: PostgresHandle | undefined;
  let temporal: TemporalHandle | undefined;
  let worker: WorkerHandle | undefined;
  let web: WebHandle | undefined;
  const stop = async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
    await Promise.all([temporal?.stop(), postgres?.stop()]);
  };

  try {
    const wantWeb = options.web ?? true;
    if (wantWeb && !(await isPortFree(config.PORT))) {
      throw new Error(`Port ${config.PORT} is in use: stop what runs there or set PORT to another port.`);
    }

    const startingPostgres = config.DATABASE_URL
      ? undefined
      : (async () => {
          const port = options.ports?.postgres ?? (await preferredOrFreePort(DEFAULT_PORTS.postgres));
          progress(`Starting Postgres on :${port} (data: ${path.join(dataDir, 'postgres')})`);
          return startPostgres({
            dataDir: path.join(dataDir, 'postgres'),
            port,
            logFile: path.join(logDir, 'postgres.log'),
            reapOrphan: options.reapOrphanPostgres ?? false,
          });
        })();
    const startingTemporal = config.TEMPORAL_ADDRESS
      ? undefined
      : (async () => {
          const port = options.ports?.temporal ?? (await preferredOrFreePort(DEFAULT_PORTS.temporal));
          const uiPort = options.ports?.temporalUi ?? (await preferredOrFreePort(DEFAULT_PORTS.temporalUi));
          if (!options.ports?.temporalUi && uiPort !== DEFAULT_PORTS.temporalUi)
            notes.push(`:${DEFAULT_PORTS.temporalUi} was busy; Temporal UI on :${uiPort}`);
          progress(`Starting the Temporal dev server on :${port} (UI :${uiPort})`);
          return startTemporal({
            port,
            uiPort,
            dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
            logFile: path.join(logDir, 'temporal.log'),
          });
        })();
    // Both start concurrently; wait for both so a failure of one does not leave the other running unseen.
    const [pgResult, temporalResult] = await Promise.allSettled([startingPostgres, startingTemporal]);
    if (pgResult.status === 'fulfilled') postgres = pgResult.value;
    if (temporalResult.status === 'fulfilled') temporal = temporalResult.value;
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (temporalResult.status === 'rejected') throw temporalResult.reason;

    let databaseUrl = config.DATABASE_URL;
    if (postgres) {
      await postgres.createDatabase(DATABASE_NAME);
      databaseUrl = postgres.url(DATABASE_NAME);
    }
    if (!databaseUrl) throw new Error('unreachable: no database');
    const temporalAddress = temporal?.address ?? (config.TEMPORAL_ADDRESS as string);

    const nudgeflowSecretKey = secretKey(dataDir, config.NUDGEFLOW_SECRET_KEY);
    progress('Applying database migrations');
    await applyMigrations(databaseUrl);
    let demoLogin: DemoLogin | undefined;
    if (options.seed ?? true) {
      const seed = await seedDemoWorkspace(databaseUrl);
      if (seed.available) {
        demoLogin = seed.login;
        if (seed.created) progress('Seeded the demo workspace (first start only)');
        // Loaded lazily, like the seed: library users of the devstack need neither channels nor journeys.
        const { seedDemoJourneys } = await import('./demo-journeys');
        const demo = await seedDemoJourneys(databaseUrl, {
          publicUrl: source.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
        });
        if (demo.created)
          progress(`Published the demo journeys: ${demo.journeys.map((j) => j.name).join(', ')}`);
      } else notes.push('No demo seed yet (@nudgeflow/db does not export seedDemo): sign up in the app.');
    }

    const webUrl = `http://localhost:${config.PORT}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...source,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      AUTH_SECRET: authSecret(dataDir, config.AUTH_SECRET),
      NUDGEFLOW_SECRET_KEY: nudgeflowSecretKey,
      PUBLIC_URL: source.PUBLIC_URL ?? webUrl,
      PORT: String(config.PORT),
      NUDGEFLOW_DATA_DIR: dataDir,
    };

    const startingWorker = (async () => {
      if (!(options.worker ?? true)) return undefined;
      if (!existsSync(workerEntry)) {
        notes.push(
          `No worker yet (${path.relative(process.cwd(), workerEntry)} is missing): journeys will not run.`,
        );
        return undefined;
      }
      progress('Starting the worker');
      const started = await startWorker({
        env: childEnv,
        temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        logFile: path.join(logDir, 'worker.log'),
        ...(options.echo ? { echo: options.echo } : {}),
      });
      if (started && !started.polling) {
        notes.push(
          `The worker is running but did not poll ${config.TEMPORAL_TASK_QUEUE} yet; see logs/worker.log.`,
        );
      }
      return started;
    })();
    const startingWeb = (async () => {
      if (!wantWeb) return undefined;
      progress('Checking the web build (next build runs only when sources changed)');
      const build = await buildWebIfStale({ env: childEnv, logFile: path.join(logDir, 'web-build.log') });
      if (build.built) progress(`Built the web app in ${(build.ms / 1000).toFixed(1)} s`);
      progress(`Starting the web app on :${config.PORT}`);
      return startWeb({
        port: config.PORT,
        env: childEnv,
        logFile: path.join(logDir, 'web.log'),
        ...(options.echo ? { echo: options.echo } : {}),
      });
    })();
    const [workerResult, webResult] = await Promise.allSettled([startingWorker, startingWeb]);
    if (workerResult.status === 'fulfilled') worker = workerResult.value;
    if (webResult.status === 'fulfilled') web = webResult.value;
    if (workerResult.status === 'rejected') throw workerResult.reason;
    if (webResult.status === 'rejected') throw webResult.reason;

    let health: string | undefined;
    if (web) health = await checkHealth(config.PORT);

    const services = () =>
      [postgres?.service, temporal?.service, worker?.service, web?.service].filter(
        (service): service is ServiceProcess => service !== undefined,
      );
    return {
      dataDir,
      logDir,
      databaseUrl,
      temporalAddress,
      temporalUiUrl: temporal?.uiUrl,
      webUrl: web ? webUrl : undefined,
      postgres,
      temporal,
      worker,
      web,
      demoLogin,
      health,
      notes,
      childEnv,
      services,
      pids: () => services().flatMap((service) => [service.pid, ...descendantPids(service.pid)]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
