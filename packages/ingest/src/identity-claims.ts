import type { IngestMessage } from './messages';
import { PROTECTED_TRAITS } from './profile';
import { isPlainObject } from './sanitise';

/**
 * What becomes of a message whose userId the caller could not prove (identity verification, docs/security.md):
 * it is kept as the browser's anonymous activity only. It names no user, so it can never merge the browser's
 * anonymous id into an identified customer; it carries no email, phone or consent, so it changes none.
 */

function withoutKeys(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (!keys.some((key) => key in object)) return object;
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

/** The message without the traits that only a proven user may change (email, phone, consent). */
export function withoutProtectedTraits(message: IngestMessage): IngestMessage {
  const contextTraits = message.context.traits;
  return {
    ...message,
    traits: withoutKeys(message.traits, PROTECTED_TRAITS),
    properties:
      message.type === 'identify' ? withoutKeys(message.properties, PROTECTED_TRAITS) : message.properties,
    context: isPlainObject(contextTraits)
      ? { ...message.context, traits: withoutKeys(contextTraits, PROTECTED_TRAITS) }
      : message.context,
  };
}

/**
 * The anonymous activity left of a message with an unproven userId, marked `unverified`; null when it has no
 * anonymousId to keep it under (then nothing of it is stored). An alias loses both ids it would join.
 */
export function asAnonymousActivity(message: IngestMessage): IngestMessage | null {
  if (message.anonymousId === null) return null;
  return { ...withoutProtectedTraits(message), userId: null, previousId: null, unverified: true };
}
