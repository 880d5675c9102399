-- CreateIndex
CREATE INDEX "Customer_workspaceId_id_idx" ON "Customer"("workspaceId", "id");
