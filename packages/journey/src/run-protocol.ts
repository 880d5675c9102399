/**
 * How the outside world talks to a running journeyRun workflow, and how the workflow asks channels to
 * send. Shared by workflows/, apps/worker (dispatcher, activities), packages/channels and apps/web
 * (inspector actions), so each side names the same signal and reads the same payload.
 */
import type { JourneyDefinition } from './definition';

/** Signal names, update names and query names of workflows/journeyRun. */
export const RUN_SIGNAL_EVENT = 'customerEvent';
export const RUN_SIGNAL_EXIT = 'exitRun';
export const RUN_UPDATE_MIGRATE = 'migrateVersion';
export const RUN_QUERY_STATE = 'runState';

/** An event delivered to a run. The workflow ignores a messageId it has already seen. */
export interface RunEvent {
  messageId: string;
  name: string;
  properties: Record<string, unknown>;
  /** ISO timestamp of the event. */
  timestamp: string;
}

export interface JourneyRunInput {
  workspaceId: string;
  customerId: string;
  definition: JourneyDefinition;
  /** Trigger node through which the customer entered. */
  triggerNodeId: string;
  /** The event that started the run (absent for API and schedule triggers without one). */
  entryEvent?: RunEvent;
  /** Entry-scope value (e.g. cart id) when the journey is unique per entry property. */
  entryKey?: string;
  /** Carried across continueAsNew: where to resume and per-node visit counts. */
  resume?: { nodeId: string; visits: Record<string, number>; seenMessageIds: string[] };
}

export interface RunExitRequest {
  reason: string;
  /** Who asked: "exit-criteria", "support:<userId>", "privacy-delete" … */
  by: string;
}

export interface RunMigrationRequest {
  definition: JourneyDefinition;
  /** Old node id → new node id, for waiting nodes that were renamed or replaced. Unmapped ids keep their id. */
  nodeMap: Record<string, string>;
}

export interface RunState {
  definitionVersion: number;
  currentNodeId: string | null;
  /** What the run waits for at the current node, for the inspector. */
  waitingFor: {
    kind: 'timer' | 'event' | 'window';
    until?: string;
    events?: string[];
    /** Why the run waits there when the node is not a wait (e.g. "follow-up unless opened"). */
    purpose?: string;
  } | null;
  visits: Record<string, number>;
  status: 'running' | 'completed' | 'exited';
}

/** One step of a message node's channel priority list. */
export interface MessageChannelStep {
  /** Built-in channel ("push" | "email" | "in_app" | "sms" | "webhook") or a plugin channel id. */
  channel: string;
  templateId: string;
}

/** What the message node's activity asks packages/channels to do. */
export interface MessageRequest {
  workspaceId: string;
  customerId: string;
  journeyId: string;
  runId: string;
  nodeId: string;
  /** Visit number of this node in this run: (runId, nodeId, visit) is the idempotency key of the send. */
  visit: number;
  channels: MessageChannelStep[];
  /** Subscription topic the message belongs to (e.g. "marketing"); unsubscribed customers get nothing. */
  topicKey: string;
  /** Entry event properties and anything else templates may read (product, cart, promo code …). */
  context: Record<string, unknown>;
  governance: { frequencyCaps: boolean; quietHours: 'defer' | 'skip' | 'ignore' };
  /**
   * Set on a message node's follow-up: the send id of the first message it follows up. The follow-up has
   * its own idempotency key (`messageSendKey`), so it never finds the first send's record.
   */
  followUpOf?: string;
}

/**
 * The idempotency key of a message node's send: `runId:nodeId:visit`, or `runId:nodeId:follow-up:visit`
 * for the node's follow-up. Stable across activity retries and workflow replays (all parts come from
 * the workflow), distinct per visit of a looping node.
 */
export function messageSendKey(
  request: Pick<MessageRequest, 'runId' | 'nodeId' | 'visit' | 'followUpOf'>,
): string {
  return request.followUpOf === undefined
    ? `${request.runId}:${request.nodeId}:${request.visit}`
    : `${request.runId}:${request.nodeId}:follow-up:${request.visit}`;
}

/**
 * What a webhook receiver answered to the final attempt: the HTTP status and, when the body was JSON and
 * small (at most WEBHOOK_RESPONSE_BODY_LIMIT characters), the parsed body. Branches test the status.
 */
export interface WebhookResponse {
  status: number;
  body?: unknown;
}

export const WEBHOOK_RESPONSE_BODY_LIMIT = 4096;

export interface ChannelSkip {
  channel: string;
  reason: string;
}

export type MessageOutcome =
  | {
      status: 'sent';
      channel: string;
      sendId: string;
      skipped: ChannelSkip[];
      /** The receiver's answer, for channels whose answer is data (webhooks). */
      response?: WebhookResponse;
    }
  /** Nothing sent: every channel was unreachable, unconsented, capped or failed permanently. */
  | { status: 'skipped'; skipped: ChannelSkip[] }
  /** Quiet hours with 'defer': the workflow sleeps until `until` (ISO) and asks again. */
  | { status: 'deferred'; until: string; skipped: ChannelSkip[] };
