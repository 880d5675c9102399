-- Identity verification (docs/security.md). Workspaces that exist before this migration keep verification
-- off (turning it on without the shop signing its user ids would turn every logged-in shopper anonymous);
-- workspaces created from now on have it on. Each gets its own random secret.
ALTER TABLE "Workspace" ADD COLUMN "identityVerificationRequired" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Workspace" ALTER COLUMN "identityVerificationRequired" SET DEFAULT true;
ALTER TABLE "Workspace" ADD COLUMN "identitySecret" TEXT NOT NULL
  DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
ALTER TABLE "Workspace" ALTER COLUMN "identitySecret" DROP DEFAULT;

-- CreateTable
CREATE TABLE "IdentityRefusal" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" UUID NOT NULL,
    "customerId" UUID,
    "claimedUserId" TEXT NOT NULL,
    "anonymousId" TEXT,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdentityRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IdentityRefusal_workspaceId_customerId_at_idx" ON "IdentityRefusal"("workspaceId", "customerId", "at");

-- CreateIndex
CREATE INDEX "IdentityRefusal_workspaceId_claimedUserId_at_idx" ON "IdentityRefusal"("workspaceId", "claimedUserId", "at");

-- AddForeignKey
ALTER TABLE "IdentityRefusal" ADD CONSTRAINT "IdentityRefusal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentityRefusal" ADD CONSTRAINT "IdentityRefusal_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
