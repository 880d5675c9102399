import {
  durationToMs,
  MESSAGE_SENT_OUTPUT,
  MESSAGE_SKIPPED_OUTPUT,
  type MessageConfig,
  type MessageOutcome,
  type MessageRequest,
} from '@nudgeflow/journey';
import { INTERRUPTED, now, type Interpreter, type NodeExecutor } from './executor';

/** Patch id of follow-ups: runs recorded before them went straight on after the first send. */
export const PATCH_MESSAGE_FOLLOW_UP = 'message-follow-up';

/**
 * Sends the node's message; with a follow-up, waits `followUp.after` (interruptible like every wait), asks
 * whether the first message was opened/clicked, and if not sends the follow-up through its own channels
 * under its own idempotency key. The node continues on `sent` whatever the follow-up did.
 */
export const message: NodeExecutor<MessageConfig> = {
  async execute(step) {
    const { interpreter, node, config, visit } = step;
    const run = interpreter.run();
    const { governance } = interpreter.definition.settings;
    const request: MessageRequest = {
      workspaceId: run.workspaceId,
      customerId: run.customerId,
      journeyId: run.journeyId,
      runId: run.runId,
      nodeId: node.id,
      visit,
      channels: config.channels,
      topicKey: config.topicKey,
      context: {
        ...(run.entryEvent?.properties ?? {}),
        entryEvent: run.entryEvent ?? null,
        journey: { id: run.journeyId, name: interpreter.definition.name, version: run.version },
      },
      governance: { frequencyCaps: governance.frequencyCaps, quietHours: governance.quietHours },
    };
    const first = await send(interpreter, request);
    if (first === INTERRUPTED) return INTERRUPTED;
    const output = first.status === 'sent' ? MESSAGE_SENT_OUTPUT : MESSAGE_SKIPPED_OUTPUT;
    if (!config.followUp || !interpreter.patched(PATCH_MESSAGE_FOLLOW_UP)) return { output };
    const followUp = config.followUp;
    if (first.status !== 'sent') {
      await interpreter.record([
        step.entry('follow_up_checked', {
          decision: 'not_sent',
          reason: 'the first message was not sent, so there is nothing to follow up',
        }),
      ]);
      return { output };
    }

    const waitedFrom = now();
    const deadline = Date.now() + durationToMs(followUp.after);
    interpreter.setWaiting({
      kind: 'timer',
      until: new Date(deadline).toISOString(),
      purpose: `follow-up unless ${followUp.unless}`,
    });
    const ended = await interpreter.waitUntil(() => false, deadline);
    if (ended === INTERRUPTED) return INTERRUPTED;
    interpreter.setWaiting(null);
    const decision = await interpreter.activities.checkFollowUp({
      run: interpreter.run(),
      // Logged under the node the run is on now: a migration during the wait may have moved it.
      nodeId: interpreter.currentNodeId ?? node.id,
      visit,
      sendId: first.sendId,
      followUp,
      waitedFrom,
      at: now(),
    });
    if (decision.send) {
      const second = await send(interpreter, {
        ...request,
        channels: followUp.channels,
        followUpOf: first.sendId,
      });
      if (second === INTERRUPTED) return INTERRUPTED;
    }
    return { output: MESSAGE_SENT_OUTPUT };
  },
};

/** Asks the sender until it settles: quiet hours with 'defer' hold the run here until the window opens. */
async function send(
  interpreter: Interpreter,
  request: MessageRequest,
): Promise<Exclude<MessageOutcome, { status: 'deferred' }> | typeof INTERRUPTED> {
  for (;;) {
    const outcome = await interpreter.activities.sendMessage(request);
    if (outcome.status !== 'deferred') return outcome;
    interpreter.setWaiting({ kind: 'window', until: outcome.until });
    const ended = await interpreter.waitUntil(() => false, Date.parse(outcome.until));
    if (ended === INTERRUPTED) return INTERRUPTED;
  }
}
