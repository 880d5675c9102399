-- CreateIndex
CREATE INDEX "OutboxEntry_eventId_idx" ON "OutboxEntry"("eventId");
