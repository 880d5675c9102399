-- CreateTable
CREATE TABLE "EmailDeliverability" (
    "workspaceId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "softBounceStreak" INTEGER NOT NULL DEFAULT 0,
    "undeliverableAt" TIMESTAMP(3),
    "undeliverableReason" TEXT,
    "lastBounceAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailDeliverability_pkey" PRIMARY KEY ("workspaceId","address")
);

-- CreateIndex
CREATE INDEX "MessageSend_workspaceId_providerMessageId_idx" ON "MessageSend"("workspaceId", "providerMessageId");

-- AddForeignKey
ALTER TABLE "EmailDeliverability" ADD CONSTRAINT "EmailDeliverability_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
