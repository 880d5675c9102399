import { Context } from '@temporalio/activity';
import {
  formatDuration,
  messageSendKey,
  type MessageFollowUp,
  type MessageOutcome,
  type MessageRequest,
} from '@nudgeflow/journey';
import {
  claimSend,
  findSendEngagement,
  recordJourneySteps,
  type SendEngagement,
  setRunCurrentNode,
  type Db,
} from '@nudgeflow/db';
import { builtInChannelDescriptor } from '@nudgeflow/channels/descriptors';
import type { CheckFollowUpInput, FollowUpDecision } from '@nudgeflow/workflows';

/**
 * The seam between journeys and channels. packages/channels implements `MessageSender` (render, consent,
 * caps, quiet hours, provider call) and the worker passes it in `createActivities({ sendMessage })`.
 * Whatever the sender, the idempotency key is (runId, nodeId, visit), with a `follow-up` part for the
 * node's follow-up (`messageSendKey`): a retried activity must find the send record of its first attempt
 * and return that outcome instead of sending again.
 */
export type MessageSender = (request: MessageRequest) => Promise<MessageOutcome>;

export function messageIdempotencyKey(
  request: Pick<MessageRequest, 'runId' | 'nodeId' | 'visit' | 'followUpOf'>,
): string {
  return messageSendKey(request);
}

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
        consent: builtInChannelDescriptor(step.channel)?.consent ?? 'none',
        caps: [],
        uncountedChannels: [],
        skipped,
      });
      if (claim.kind === 'existing') {
        return claim.send.status === 'SKIPPED'
          ? { status: 'skipped', skipped }
          : { status: 'sent', channel: claim.send.channel, sendId: claim.send.id, skipped };
      }
      if (claim.kind === 'claimed')
        return { status: 'sent', channel: step.channel, sendId: claim.sendId, skipped };
      skipped.push({ channel: step.channel, reason: claim.reason });
      if (claim.scope === 'customer') break;
    }
    return { status: 'skipped', skipped };
  };
}

/**
 * The message node's activity: asks the sender, then logs the request and its outcome as steps. A
 * follow-up logs `follow_up_requested` / `follow_up_sent` / `follow_up_skipped`: the step log is unique
 * per (run, node, visit, kind), and the follow-up belongs to the same node and visit as the first send.
 */
export async function requestMessage(
  db: Db,
  sender: MessageSender,
  request: MessageRequest,
): Promise<MessageOutcome> {
  await setRunCurrentNode(db, request.runId, request.nodeId);
  const stopHeartbeats = heartbeatWhileSending();
  let outcome: MessageOutcome;
  try {
    outcome = await sender(request);
  } finally {
    stopHeartbeats();
  }
  const at = new Date();
  const base = { nodeId: request.nodeId, visit: request.visit, at };
  const prefix = request.followUpOf === undefined ? 'message' : 'follow_up';
  await recordJourneySteps(db, {
    runId: request.runId,
    journeyId: request.journeyId,
    steps: [
      {
        ...base,
        kind: `${prefix}_requested`,
        detail: {
          idempotencyKey: messageIdempotencyKey(request),
          ...(request.followUpOf === undefined ? {} : { followUpOf: request.followUpOf }),
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
              kind: `${prefix}_${outcome.status === 'sent' ? 'sent' : 'skipped'}`,
              detail: outcome as unknown as Record<string, unknown>,
            },
          ]),
    ],
  });
  return outcome;
}

/**
 * The send activity heartbeats while the provider works (workflows/src/node-runtime.ts gives it a 20 s
 * heartbeat timeout and a long start-to-close), so long webhook retry schedules finish. Outside an
 * activity (a direct call in tests) there is nothing to beat.
 */
function heartbeatWhileSending(): () => void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return () => {};
  }
  const timer = setInterval(() => context.heartbeat(), 5_000);
  return () => clearInterval(timer);
}

export type { CheckFollowUpInput, FollowUpDecision };

/**
 * Whether the follow-up goes out, and why in words. A click counts as an open; a channel that reports
 * neither (SMS, webhook: their descriptors' `engagement`) cannot show engagement, so its follow-up is sent
 * and the reason says so.
 */
export function followUpDecision(
  engagement: Pick<SendEngagement, 'channel' | 'status' | 'openedAt' | 'clickedAt' | 'receipts'> | null,
  followUp: Pick<MessageFollowUp, 'after' | 'unless'>,
): FollowUpDecision {
  const { unless } = followUp;
  const waited = formatDuration(followUp.after);
  if (!engagement)
    return { send: false, reason: "the first message's send record is gone (customer deleted?)" };
  const { channel } = engagement;
  const engagedAt = unless === 'clicked' ? engagement.clickedAt : engagement.openedAt;
  if (engagedAt) {
    const byClick = unless === 'opened' && !engagement.receipts.some((receipt) => receipt.type === 'opened');
    const how = byClick ? 'clicked (a click counts as opened)' : unless;
    return {
      send: false,
      reason: `the ${channel} message was ${how} at ${engagedAt.toISOString()}, within ${waited}`,
    };
  }
  if (engagement.status === 'FAILED') {
    return { send: true, reason: `the ${channel} message failed after it was sent (bounced): following up` };
  }
  // What the channel can observe, from its descriptor; a plugin channel's receipts are taken as they come.
  const tracked = builtInChannelDescriptor(channel)?.engagement;
  if (tracked && !(unless === 'clicked' ? tracked.clicks : tracked.opens || tracked.clicks)) {
    return {
      send: true,
      reason: `${channel} reports ${tracked.how}, so it cannot tell whether the message was ${unless}: following up`,
    };
  }
  const note =
    tracked && unless === 'opened' && !tracked.opens ? ` (${channel} reports clicks only; none came)` : '';
  return { send: true, reason: `the ${channel} message was not ${unless} within ${waited}${note}` };
}

/**
 * After a message node's `followUp.after`: was the first message opened (or clicked) by now? Reads the
 * send's openedAt/clickedAt (a click stamps openedAt too) and logs the decision as a `follow_up_checked`
 * step. It runs as an activity so the answer is recorded in history: replays never re-ask.
 */
export async function checkFollowUp(db: Db, input: CheckFollowUpInput): Promise<FollowUpDecision> {
  const engagement = await findSendEngagement(db, input.sendId);
  const { unless, after } = input.followUp;
  const decision = followUpDecision(engagement, input.followUp);
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        nodeId: input.nodeId,
        visit: input.visit,
        kind: 'follow_up_checked',
        at: new Date(input.at),
        detail: {
          decision: decision.send ? 'send' : 'not_needed',
          reason: decision.reason,
          unless,
          after,
          waitedFrom: input.waitedFrom,
          firstSend: {
            sendId: input.sendId,
            channel: engagement?.channel ?? null,
            openedAt: engagement?.openedAt?.toISOString() ?? null,
            clickedAt: engagement?.clickedAt?.toISOString() ?? null,
            receipts: engagement?.receipts.map((receipt) => receipt.type) ?? [],
          },
        },
      },
    ],
  });
  return decision;
}
