import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/**
 * Facts about one run's sends that journeys decide on: the receiver's answer to a webhook (branches test
 * its status) and whether a message was opened or clicked (a message node's follow-up).
 */

/** Stores what a webhook receiver answered; written before the send is marked sent (or refused). */
export async function recordSendResponse(
  db: Db,
  sendId: string,
  response: { status: number; body?: unknown },
): Promise<void> {
  await db.messageSend.update({
    where: { id: sendId },
    data: {
      responseStatus: response.status,
      responseBody: response.body === undefined ? undefined : (response.body as Prisma.InputJsonValue),
    },
  });
}

export interface SendEngagement {
  sendId: string;
  channel: string;
  status: string;
  sentAt: Date | null;
  /** First open; a click stamps it too (image blocking hides many opens). */
  openedAt: Date | null;
  clickedAt: Date | null;
  /** Receipt types recorded for the send, in order, for the step log. */
  receipts: { type: string; at: Date }[];
}

export async function findSendEngagement(db: Db, sendId: string): Promise<SendEngagement | null> {
  const send = await db.messageSend.findUnique({
    where: { id: sendId },
    select: {
      id: true,
      channel: true,
      status: true,
      sentAt: true,
      openedAt: true,
      clickedAt: true,
      receipts: { select: { type: true, at: true }, orderBy: { at: 'asc' }, take: 50 },
    },
  });
  if (!send) return null;
  return {
    sendId: send.id,
    channel: send.channel,
    status: send.status,
    sentAt: send.sentAt,
    openedAt: send.openedAt,
    clickedAt: send.clickedAt,
    receipts: send.receipts,
  };
}

export interface NodeWebhookResponse {
  sendId: string;
  /** Null when no receiver answered (not sent yet, unreachable, timed out). */
  status: number | null;
  body: unknown;
}

/**
 * The latest answer a webhook gave to each of `nodeIds` in this run (the node's most recent send that has
 * one, follow-ups included). Nodes without a send are left out.
 */
export async function latestWebhookResponses(
  db: Db,
  input: { runId: string; nodeIds: readonly string[] },
): Promise<Map<string, NodeWebhookResponse>> {
  const responses = new Map<string, NodeWebhookResponse>();
  if (input.nodeIds.length === 0) return responses;
  const sends = await db.messageSend.findMany({
    where: { runId: input.runId, nodeId: { in: [...input.nodeIds] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, nodeId: true, responseStatus: true, responseBody: true },
    take: 200,
  });
  for (const send of sends) {
    if (!send.nodeId) continue;
    const known = responses.get(send.nodeId);
    // Newest first: keep the newest send, unless only an older one has an answer.
    if (known && (known.status !== null || send.responseStatus === null)) continue;
    responses.set(send.nodeId, { sendId: send.id, status: send.responseStatus, body: send.responseBody });
  }
  return responses;
}
