import type { MessageOutcome, MessageRequest } from '@nudgeflow/journey';
import { claimSend, recordJourneySteps, setRunCurrentNode, type ChannelConsent, type Db } from '@nudgeflow/db';

/**
 * The seam between journeys and channels. packages/channels implements `MessageSender` (render, consent,
 * caps, quiet hours, provider call) and the worker passes it in `createActivities({ sendMessage })`.
 * Whatever the sender, the idempotency key is (runId, nodeId, visit): a retried activity must find the
 * send record of its first attempt and return that outcome instead of sending again.
 */
export type MessageSender = (request: MessageRequest) => Promise<MessageOutcome>;

export function messageIdempotencyKey(request: Pick<MessageRequest, 'runId' | 'nodeId' | 'visit'>): string {
  return `${request.runId}:${request.nodeId}:${request.visit}`;
}

const CONSENT_BY_CHANNEL: Record<string, ChannelConsent> = { push: 'push', email: 'email', sms: 'sms' };

/**
 * Used until a real sender is plugged in: walks the channel priority list, reserves a PENDING send record
 * for the first channel the customer can be reached on (consent, topic, address/subscription), and sends
 * nothing. It keeps journeys runnable end to end and every request visible in the delivery log.
 */
export function createRecordingSender(db: Db): MessageSender {
  return async (request) => {
    const skipped: { channel: string; reason: string }[] = [];
    for (const step of request.channels) {
      const claim = await claimSend(db, {
        idempotencyKey: messageIdempotencyKey(request),
        workspaceId: request.workspaceId,
        customerId: request.customerId,
        runId: request.runId,
        journeyId: request.journeyId,
        nodeId: request.nodeId,
        channel: step.channel,
        templateId: null,
        topicKey: request.topicKey,
        consent: CONSENT_BY_CHANNEL[step.channel] ?? 'none',
        caps: [],
        skipped,
      });
      if (claim.kind === 'existing') {
        return claim.send.status === 'SKIPPED'
          ? { status: 'skipped', skipped }
          : { status: 'sent', channel: claim.send.channel, sendId: claim.send.id, skipped };
      }
      if (claim.kind === 'claimed') return { status: 'sent', channel: step.channel, sendId: claim.sendId, skipped };
      skipped.push({ channel: step.channel, reason: claim.reason });
      if (claim.scope === 'customer') break;
    }
    return { status: 'skipped', skipped };
  };
}

/** The message node's activity: asks the sender, then logs the request and its outcome as steps. */
export async function requestMessage(db: Db, sender: MessageSender, request: MessageRequest): Promise<MessageOutcome> {
  await setRunCurrentNode(db, request.runId, request.nodeId);
  const outcome = await sender(request);
  const at = new Date();
  const base = { nodeId: request.nodeId, visit: request.visit, at };
  await recordJourneySteps(db, {
    runId: request.runId,
    journeyId: request.journeyId,
    steps: [
      {
        ...base,
        kind: 'message_requested',
        detail: {
          idempotencyKey: messageIdempotencyKey(request),
          channels: request.channels,
          topicKey: request.topicKey,
          context: request.context,
        },
      },
      ...(outcome.status === 'deferred'
        ? []
        : [
            {
              ...base,
              kind: outcome.status === 'sent' ? 'message_sent' : 'message_skipped',
              detail: outcome as unknown as Record<string, unknown>,
            },
          ]),
    ],
  });
  return outcome;
}
