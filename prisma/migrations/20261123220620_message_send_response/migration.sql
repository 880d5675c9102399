-- AlterTable
ALTER TABLE "MessageSend" ADD COLUMN     "responseBody" JSONB,
ADD COLUMN     "responseStatus" INTEGER;

-- CreateIndex
CREATE INDEX "MessageSend_runId_nodeId_idx" ON "MessageSend"("runId", "nodeId");
