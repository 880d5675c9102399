import {
  awaitedEventOutput,
  durationToMs,
  WAIT_EVENTS_TIMEOUT_OUTPUT,
  type WaitEventsConfig,
} from '@nudgeflow/journey';
import { matchesEntryKey, matchesEvent } from '../run-inbox';
import { INTERRUPTED, now, type NodeExecutor } from './executor';

/** Waits for the first of the awaited events (from the run's inbox) or the timeout. */
export const waitEvents: NodeExecutor<WaitEventsConfig> = {
  async execute(step) {
    const { interpreter, node, config: initial } = step;
    const startedAt = now();
    const deadline = Date.now() + durationToMs(initial.timeout);
    const until = new Date(deadline).toISOString();
    interpreter.setWaiting({
      kind: 'event',
      until,
      events: initial.events.map((awaited) => awaited.matcher.event),
    });
    await interpreter.record([], node.id);

    const entryEvent = interpreter.run().entryEvent;
    // The config is read from the live definition each time: a migration may have changed what is awaited.
    const findMatch = () => {
      const live =
        interpreter.currentNodeId === null
          ? undefined
          : interpreter.definition.nodes[interpreter.currentNodeId];
      const config = (live?.config ?? initial) as WaitEventsConfig;
      return interpreter.inbox.find((event) =>
        config.events.find(
          (awaited) =>
            matchesEvent(event, awaited.matcher) &&
            (awaited.matchEntryKey === undefined ||
              matchesEntryKey(event, entryEvent, awaited.matchEntryKey)),
        ),
      );
    };
    const ended = await interpreter.waitUntil(() => findMatch() !== undefined, deadline);
    if (ended === INTERRUPTED) return INTERRUPTED;
    const found = ended === 'done' ? findMatch() : undefined;
    if (found) {
      interpreter.inbox.advance(found.index);
      const output = awaitedEventOutput(found.match.id);
      await interpreter.record([
        step.entry('waited', {
          startedAt,
          until,
          endedBy: 'event',
          output,
          event: {
            name: found.event.name,
            messageId: found.event.messageId,
            timestamp: found.event.timestamp,
          },
        }),
      ]);
      return { output };
    }
    interpreter.inbox.advance();
    await interpreter.record([
      step.entry('waited', { startedAt, until, endedBy: 'timeout', output: WAIT_EVENTS_TIMEOUT_OUTPUT }),
    ]);
    return { output: WAIT_EVENTS_TIMEOUT_OUTPUT };
  },
};
