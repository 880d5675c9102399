-- Secrets at rest are sealed (AES-256-GCM, key from NUDGEFLOW_SECRET_KEY). SQL cannot encrypt with a key
-- it does not have: the renamed columns keep their plain values here, and the runner's re-seal step
-- (packages/db/src/reseal.ts, run right after the migrations) seals every value that is not yet sealed.

-- AlterTable
ALTER TABLE "Workspace" RENAME COLUMN "vapidPrivateKey" TO "vapidPrivateKeySealed";
ALTER TABLE "Workspace" RENAME COLUMN "signingSecret" TO "signingSecretSealed";
ALTER TABLE "Workspace" ADD COLUMN "previousWriteKey" TEXT,
ADD COLUMN "previousWriteKeyExpiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "WorkspaceChannelSettings" (
    "workspaceId" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secrets" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceChannelSettings_pkey" PRIMARY KEY ("workspaceId","channel")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_previousWriteKey_key" ON "Workspace"("previousWriteKey");

-- AddForeignKey
ALTER TABLE "WorkspaceChannelSettings" ADD CONSTRAINT "WorkspaceChannelSettings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The SMS provider moves out of Workspace.settings.sms: its auth token into `secrets` (sealed by the
-- re-seal step), the rest into `settings`.
INSERT INTO "WorkspaceChannelSettings" ("workspaceId", "channel", "settings", "secrets", "updatedAt")
SELECT "id", 'sms',
       ("settings"->'sms') - 'authToken',
       CASE WHEN jsonb_typeof("settings"->'sms'->'authToken') = 'string'
            THEN jsonb_build_object('authToken', "settings"->'sms'->'authToken')
            ELSE '{}'::jsonb END,
       CURRENT_TIMESTAMP
FROM "Workspace"
WHERE jsonb_typeof("settings"->'sms') = 'object';
UPDATE "Workspace" SET "settings" = "settings" - 'sms' WHERE "settings" ? 'sms';
