-- DropIndex
DROP INDEX "Customer_workspaceId_lastSeenAt_idx";

-- CreateIndex
CREATE INDEX "Customer_workspaceId_lastSeenAt_id_idx" ON "Customer"("workspaceId", "lastSeenAt", "id");

-- CreateIndex
CREATE INDEX "Customer_workspaceId_country_idx" ON "Customer"("workspaceId", "country");

-- CreateIndex
CREATE INDEX "Customer_workspaceId_lifecycleStage_idx" ON "Customer"("workspaceId", "lifecycleStage");
