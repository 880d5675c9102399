import { resolveTime } from './conditions/time';
import { visitConditions, type SegmentDefinition } from './definition';

/**
 * What must be loaded about one customer to evaluate a set of definitions: for each event name, the
 * earliest timestamp any condition looks at (null = all of history), and whether messages, push
 * subscriptions, topics and other memberships are read at all. The real-time consumer loads exactly this.
 */
export interface SegmentNeeds {
  events: Map<string, Date | null>;
  messages: boolean;
  pushSubscriptions: boolean;
  topics: boolean;
  segmentIds: Set<string>;
}

export function describeSegmentNeeds(definitions: readonly SegmentDefinition[], now: Date): SegmentNeeds {
  const needs: SegmentNeeds = {
    events: new Map(),
    messages: false,
    pushSubscriptions: false,
    topics: false,
    segmentIds: new Set(),
  };
  const needEvents = (name: string, since: Date | null): void => {
    const known = needs.events.get(name);
    if (known === null) return;
    needs.events.set(name, since === null || known === undefined || since < known ? since : known);
  };
  for (const definition of definitions) {
    visitConditions(definition.condition, (condition) => {
      switch (condition.kind) {
        case 'performed':
        case 'not_performed':
          needEvents(condition.event, condition.since ? resolveTime(condition.since, now) : null);
          break;
        case 'last_performed':
          // "Last before X" must see all of history (something before X, nothing since); "after X" only X on.
          needEvents(condition.event, condition.op === 'after' ? resolveTime(condition.at, now) : null);
          break;
        case 'message':
          needs.messages = true;
          break;
        case 'reachable':
          needs.pushSubscriptions ||= condition.channel === 'push' || condition.channel === 'any';
          break;
        case 'topic':
          needs.topics = true;
          break;
        case 'in_segment':
          needs.segmentIds.add(condition.segmentId);
          break;
        default:
          break;
      }
    });
  }
  return needs;
}
