export { freePort, isPortFree, preferredOrFreePort, canConnect } from './ports';
export {
  spawnService,
  stopService,
  runningServices,
  descendantPids,
  isAlive,
  type ServiceProcess,
  type SpawnServiceOptions,
} from './processes';
export { startPostgres, type PostgresHandle, type StartPostgresOptions } from './postgres';
export {
  findTemporalCli,
  startTemporal,
  TEMPORAL_CLI_VERSION,
  type TemporalHandle,
  type StartTemporalOptions,
} from './temporal';
export { applyMigrations, seedDemoWorkspace, type DemoLogin, type DemoSeed } from './database';
export { buildWebIfStale, isWebBuildCurrent, startWeb, webSourceFingerprint, type WebHandle } from './web';
export { startWorker, workerEntry, type WorkerHandle } from './worker';
export {
  startDevStack,
  authSecret,
  secretKey,
  DEFAULT_PORTS,
  DATABASE_NAME,
  type DevStack,
  type DevStackOptions,
} from './stack';
export { makeTempDir } from './temp';
export { projectRoot } from './project';
