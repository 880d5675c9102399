import { isPlainObject, JsonShapeError, sanitiseJson, sanitiseString } from './sanitise';

/**
 * Parsing of Segment HTTP Tracking API messages (track, identify, page, screen, group, alias, batch) into
 * the one normalised shape the ingestion repository stores. Every refusal names the field it is about, so a
 * client developer can fix the call from the 400 alone.
 */
export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type IngestRoute = MessageType | 'batch';

export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_ID_LENGTH = 255;
export const MAX_NAME_LENGTH = 255;

export interface IngestMessage {
  type: MessageType;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** alias: the id being merged into userId. */
  previousId: string | null;
  /** track: event name; page/screen: page name; group: group id. */
  name: string | null;
  /** track/page/screen properties; identify/group traits; alias { previousId }. */
  properties: Record<string, unknown>;
  /** identify traits (also kept in properties so the event log is complete). */
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: Date;
  /**
   * Proof of userId made by the shop's server (identity verification): `context.userHash` or
   * `integrations.Nudgeflow.userHash` (Intercom-style `user_hash` too). Never stored with the event.
   */
  userProof?: string;
  /**
   * Sent by a caller that did not prove a userId (the public write key): may not change the email, phone or
   * consent of an identified customer (docs/security.md).
   */
  unverified?: boolean;
}

export interface FieldError {
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export interface ParseOptions {
  receivedAt: Date;
  /** Ids for messages sent without a messageId (they cannot be deduplicated, but they are kept). */
  generateMessageId: () => string;
}

export interface IngestRequest {
  writeKey: string | null;
  messages: IngestMessage[];
}

const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31);

function fail<T>(field: string, message: string): ParseResult<T> {
  return { ok: false, error: { field, message } };
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function readId(raw: Record<string, unknown>, key: string, field: string): ParseResult<string | null> {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value) };
  if (typeof value !== 'string') return fail(field, `must be a string`);
  const text = sanitiseString(value).trim();
  if (text.length > MAX_ID_LENGTH) return fail(field, `must be at most ${MAX_ID_LENGTH} characters`);
  return { ok: true, value: text === '' ? null : text };
}

function readObject(
  raw: Record<string, unknown>,
  key: string,
  field: string,
): ParseResult<Record<string, unknown>> {
  const value = raw[key];
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (!isPlainObject(value)) return fail(field, 'must be a JSON object');
  try {
    return { ok: true, value: sanitiseJson(value, field) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof JsonShapeError) return fail(error.field, error.message);
    throw error;
  }
}

function readTime(raw: Record<string, unknown>, key: string, field: string): ParseResult<number | null> {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  if (typeof value !== 'string' && typeof value !== 'number')
    return fail(field, 'must be an ISO-8601 date string');
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time)) return fail(field, 'must be an ISO-8601 date string');
  if (time < MIN_TIME || time > MAX_TIME) return fail(field, 'must be between 1970 and 9999');
  return { ok: true, value: time };
}

/**
 * Segment's clock-skew correction: when the client says when it sent the message (sentAt) and when the
 * event happened by its own clock (originalTimestamp), the event time is receivedAt minus that difference.
 */
function eventTime(
  explicit: number | null,
  original: number | null,
  sentAt: number | null,
  receivedAt: Date,
): Date {
  if (explicit !== null) return new Date(explicit);
  if (original !== null && sentAt !== null) {
    const corrected = receivedAt.getTime() - (sentAt - original);
    if (corrected >= MIN_TIME && corrected <= MAX_TIME) return new Date(corrected);
  }
  if (original !== null) return new Date(original);
  return receivedAt;
}

/** Parses one message. `type` is the route's type for single-message routes, or read from the item in a batch. */
export function parseMessage(
  raw: unknown,
  routeType: MessageType | null,
  prefix: string,
  options: ParseOptions,
): ParseResult<IngestMessage> {
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (!isPlainObject(raw)) return fail(prefix || 'body', 'must be a JSON object');

  let type: MessageType;
  if (routeType) type = routeType;
  else {
    const rawType = raw.type;
    if (typeof rawType !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(rawType)) {
      return fail(at('type'), `must be one of ${MESSAGE_TYPES.join(', ')}`);
    }
    type = rawType as MessageType;
  }

  const userId = readId(raw, 'userId', at('userId'));
  if (!userId.ok) return userId;
  const anonymousId = readId(raw, 'anonymousId', at('anonymousId'));
  if (!anonymousId.ok) return anonymousId;
  const messageId = readId(raw, 'messageId', at('messageId'));
  if (!messageId.ok) return messageId;
  const context = readObject(raw, 'context', at('context'));
  if (!context.ok) return context;
  const properties = readObject(raw, 'properties', at('properties'));
  if (!properties.ok) return properties;
  const traits = readObject(raw, 'traits', at('traits'));
  if (!traits.ok) return traits;
  const timestamp = readTime(raw, 'timestamp', at('timestamp'));
  if (!timestamp.ok) return timestamp;
  const originalTimestamp = readTime(raw, 'originalTimestamp', at('originalTimestamp'));
  if (!originalTimestamp.ok) return originalTimestamp;
  const sentAt = readTime(raw, 'sentAt', at('sentAt'));
  if (!sentAt.ok) return sentAt;

  let previousId: string | null = null;
  let name: string | null = null;
  let eventProperties = properties.value;
  if (type === 'alias') {
    const previous = readId(raw, 'previousId', at('previousId'));
    if (!previous.ok) return previous;
    if (previous.value === null) return fail(at('previousId'), 'is required for alias');
    if (userId.value === null) return fail(at('userId'), 'is required for alias');
    previousId = previous.value;
    eventProperties = { previousId };
  } else if (userId.value === null && anonymousId.value === null) {
    return fail(at('userId'), 'userId or anonymousId is required');
  }
  if (type === 'track') {
    const event = raw.event;
    if (typeof event !== 'string' || event.trim() === '')
      return fail(at('event'), 'is required and must be a non-empty string');
    if (event.length > MAX_NAME_LENGTH)
      return fail(at('event'), `must be at most ${MAX_NAME_LENGTH} characters`);
    name = sanitiseString(event).trim();
  } else if (type === 'page' || type === 'screen') {
    const pageName = raw.name;
    if (pageName !== undefined && pageName !== null && typeof pageName !== 'string')
      return fail(at('name'), 'must be a string');
    if (typeof pageName === 'string' && pageName.length > MAX_NAME_LENGTH) {
      return fail(at('name'), `must be at most ${MAX_NAME_LENGTH} characters`);
    }
    name = typeof pageName === 'string' && pageName.trim() !== '' ? sanitiseString(pageName).trim() : null;
  } else if (type === 'identify') {
    eventProperties = traits.value;
  } else if (type === 'group') {
    const groupId = readId(raw, 'groupId', at('groupId'));
    if (!groupId.ok) return groupId;
    if (groupId.value === null) return fail(at('groupId'), 'is required for group');
    name = groupId.value;
    eventProperties = { groupId: groupId.value, traits: traits.value };
  }

  const proof = readUserProof(raw, context.value);
  return {
    ok: true,
    value: {
      ...(proof.value ? { userProof: proof.value } : {}),
      type,
      messageId: messageId.value ?? options.generateMessageId(),
      userId: userId.value,
      anonymousId: anonymousId.value,
      previousId,
      name,
      properties: eventProperties,
      traits: type === 'identify' ? traits.value : {},
      context: proof.context,
      timestamp: eventTime(timestamp.value, originalTimestamp.value, sentAt.value, options.receivedAt),
    },
  };
}

/** The identity proof a message carries, and its context without it (a proof is a credential, not data). */
function readUserProof(
  raw: Record<string, unknown>,
  context: Record<string, unknown>,
): { value: string | null; context: Record<string, unknown> } {
  const integrations = isPlainObject(raw.integrations) ? raw.integrations : {};
  const ours = [integrations.Nudgeflow, integrations.nudgeflow].find(isPlainObject) ?? {};
  const candidates = [context.userHash, ours.userHash, ours.user_hash];
  const value = candidates.find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate !== '',
  );
  if (!('userHash' in context)) return { value: value ?? null, context };
  const { userHash: _removed, ...rest } = context;
  return { value: value ?? null, context: rest };
}

function parseJsonText(text: string): ParseResult<unknown> {
  if (text.trim() === '') return fail('body', 'is empty: send a JSON object');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'could not be parsed';
    return fail('body', `is not valid JSON (${detail.slice(0, 200)})`);
  }
}

function readWriteKey(body: Record<string, unknown>): ParseResult<string | null> {
  const key = body.writeKey;
  if (key === undefined || key === null || key === '') return { ok: true, value: null };
  if (typeof key !== 'string' || key.length > MAX_ID_LENGTH) return fail('writeKey', 'must be a string');
  return { ok: true, value: key };
}

/** Parses a whole request body for a route. A batch is accepted or refused as a whole. */
export function parseIngestBody(
  text: string,
  route: IngestRoute,
  options: ParseOptions,
): ParseResult<IngestRequest> {
  const limit = route === 'batch' ? MAX_BATCH_BYTES : MAX_EVENT_BYTES;
  if (utf8Length(text) > limit) {
    return fail(
      'body',
      `is larger than ${limit / 1024} KB${route === 'batch' ? ' per batch' : ' per event'}`,
    );
  }
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const body = json.value;
  if (!isPlainObject(body)) return fail('body', 'must be a JSON object');
  const writeKey = readWriteKey(body);
  if (!writeKey.ok) return writeKey;

  if (route !== 'batch') {
    const message = parseMessage(body, route, '', options);
    return message.ok
      ? { ok: true, value: { writeKey: writeKey.value, messages: [message.value] } }
      : message;
  }
  const items = body.batch;
  if (!Array.isArray(items)) return fail('batch', 'is required and must be an array of messages');
  if (items.length === 0) return fail('batch', 'must contain at least one message');
  const messages: IngestMessage[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (utf8Length(JSON.stringify(item) ?? '') > MAX_EVENT_BYTES) {
      return fail(`batch[${i}]`, `is larger than ${MAX_EVENT_BYTES / 1024} KB per event`);
    }
    const message = parseMessage(item, null, `batch[${i}]`, options);
    if (!message.ok) return message;
    messages.push(message.value);
  }
  return { ok: true, value: { writeKey: writeKey.value, messages } };
}
