// The public API of @nudgeflow/db. Other packages import from here only.
export * from './generated/prisma/client';
export { createDb, getDb, poolOf, closeDb, closeSharedDb, type Db, type CreateDbOptions } from './client';
export {
  migrate,
  ensureDatabase,
  databaseUrlFor,
  readMigrations,
  migrationChecksum,
  defaultMigrationsDir,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
} from './migrate';
export { generateVapidKeys, generateWriteKey, generateSigningSecret, type VapidKeys } from './workspace-keys';
export {
  createTestWorkspace,
  createThrowawayDatabase,
  uniqueTestId,
  type ThrowawayDatabase,
} from './testing';
export {
  seedDemo,
  DEMO_ADMIN_EMAIL,
  DEMO_ADMIN_PASSWORD,
  DEMO_WORKSPACE_SLUG,
  type DemoSeedContext,
  type DemoSeedStep,
  type SeedDemoOptions,
  type SeedDemoResult,
} from './seed';

// Repositories: one line per file.
export * from './repositories/workspaces';
export * from './repositories/api-keys';
export * from './repositories/customers';
export * from './repositories/ingest';
export * from './repositories/messages';
export * from './repositories/deliverability';
export * from './repositories/send-facts';
export * from './repositories/templates';
export * from './repositories/governance';
export * from './repositories/events';
export * from './repositories/runs';
export * from './repositories/steps';
export * from './repositories/outbox';
export * from './repositories/run-recovery';
export * from './repositories/segments';
export * from './repositories/segment-memberships';
export * from './repositories/journeys';
export * from './repositories/journey-drafts';
export * from './repositories/journey-counts';
export * from './repositories/journey-schedules';
export * from './repositories/push-subscriptions';
export * from './repositories/in-app-feed';
export * from './repositories/storefront';
export * from './repositories/consent';
export * from './repositories/products';
export * from './repositories/privacy';
