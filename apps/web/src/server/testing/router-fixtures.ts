import { parseIngestBody, type IngestMessage } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';

export { closeSharedDb, getDb, ingestMessages } from '@nudgeflow/db';
export { createTestWorkspace, uniqueTestId } from '@nudgeflow/db/testing';

/** Segment-shaped messages as ingestion would store them, for router tests that need customers. */
export function parseIngestBodyForTests(batch: unknown[]): IngestMessage[] {
  const parsed = parseIngestBody(JSON.stringify({ batch }), 'batch', {
    receivedAt: new Date(),
    generateMessageId: randomUUID,
  });
  if (!parsed.ok) throw new Error(`${parsed.error.field} ${parsed.error.message}`);
  return parsed.value.messages;
}
