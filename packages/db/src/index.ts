// The public API of @nudgeflow/db. Other packages import from here only; tests may also use
// '@nudgeflow/db/testing' (workspaces of their own, throwaway databases, the generated row types).
// The generated Prisma client is not re-exported: callers get rows through repository types.
export type { Role, ChannelKind } from './generated/prisma/enums';
export {
  createDb,
  getDb,
  poolOf,
  pingDatabase,
  closeDb,
  closeSharedDb,
  type Db,
  type CreateDbOptions,
} from './client';
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
export {
  generateVapidKeys,
  generateWriteKey,
  generateSigningSecret,
  generateIdentitySecret,
  type VapidKeys,
} from './workspace-keys';
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

// Pure rules the repositories apply.
export * from './policy/consent';
export * from './policy/send-caps';

// Repositories: one line per file.
export * from './repositories/workspaces';
export * from './repositories/api-keys';
export * from './repositories/customers';
export * from './repositories/customer-profile';
export * from './repositories/ingest';
export * from './repositories/sends';
export * from './repositories/receipts';
export * from './repositories/in-app-messages';
export * from './repositories/mail-catcher';
export * from './repositories/deliverability';
export * from './repositories/send-facts';
export * from './repositories/templates';
export * from './repositories/governance';
export * from './repositories/events';
export * from './repositories/template-events';
export * from './repositories/runs';
export * from './repositories/steps';
export * from './repositories/outbox';
export * from './repositories/run-recovery';
export * from './repositories/workspace-secrets';
export {
  generateSecretKey,
  keyringFrom,
  openSecret,
  sealSecret,
  secretKeyring,
  SecretBoxError,
  type SecretKeyring,
} from './secret-box';
export { resealSecrets, secretContext } from './reseal';
export * from './repositories/segments';
export * from './repositories/segment-memberships';
export * from './repositories/segment-insights';
export * from './repositories/workspace-settings';
export * from './repositories/journeys';
export * from './repositories/journey-list';
export * from './repositories/journey-drafts';
export * from './repositories/journey-counts';
export * from './repositories/journey-schedules';
export * from './repositories/push-subscriptions';
export * from './repositories/in-app-feed';
export * from './repositories/identity-refusals';
export * from './repositories/storefront';
export * from './repositories/consent';
export * from './repositories/products';
export * from './repositories/privacy';
export * from './repositories/sign-in-failures';
export * from './repositories/users';
export * from './repositories/team';
