-- AlterTable
ALTER TABLE "MessageSend" ADD COLUMN     "skipped" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "CaughtEmail" (
    "id" UUID NOT NULL,
    "workspaceId" UUID,
    "messageId" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "html" TEXT,
    "text" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "sizeBytes" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaughtEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaughtEmail_workspaceId_receivedAt_idx" ON "CaughtEmail"("workspaceId", "receivedAt");

-- CreateIndex
CREATE INDEX "CaughtEmail_receivedAt_idx" ON "CaughtEmail"("receivedAt");
