import { expect, test } from 'vitest';
import type { RunEvent } from '@nudgeflow/journey';
import { matchesEntryKey, matchesEvent, RunInbox, SEEN_MESSAGE_IDS_LIMIT } from './run-inbox';

const event = (messageId: string, name: string, properties: Record<string, unknown> = {}): RunEvent => ({
  messageId,
  name,
  properties,
  timestamp: '2026-11-23T10:00:00.000Z',
});

test('a redelivered messageId is ignored, and the entry event never reaches a wait', () => {
  const inbox = new RunInbox();
  inbox.markSeen('entry');
  expect(inbox.accept(event('entry', 'Product Added'))).toBe(false);
  expect(inbox.accept(event('m1', 'Order Completed'))).toBe(true);
  expect(inbox.accept(event('m1', 'Order Completed'))).toBe(false);
  expect(inbox.size).toBe(1);
});

test('a wait consumes up to the event it used; later events stay for the next wait', () => {
  const inbox = new RunInbox();
  for (const [id, name] of [
    ['a', 'Page'],
    ['b', 'Tick'],
    ['c', 'Tick'],
  ] as const)
    inbox.accept(event(id, name));
  const found = inbox.find((e) => (e.name === 'Tick' ? e.messageId : undefined));
  expect(found).toMatchObject({ match: 'b', index: 1 });
  inbox.advance(found!.index);
  expect(inbox.snapshot().pendingEvents.map((e) => e.messageId)).toEqual(['c']);
  inbox.advance();
  expect(inbox.size).toBe(0);
});

test('the dedupe memory is bounded and survives a snapshot', () => {
  const inbox = new RunInbox();
  for (let i = 0; i < SEEN_MESSAGE_IDS_LIMIT + 10; i++) inbox.accept(event(`m${i}`, 'Tick'));
  const { seenMessageIds } = inbox.snapshot();
  expect(seenMessageIds).toHaveLength(SEEN_MESSAGE_IDS_LIMIT);
  const resumed = new RunInbox(seenMessageIds);
  expect(resumed.accept(event(`m${SEEN_MESSAGE_IDS_LIMIT + 9}`, 'Tick'))).toBe(false);
  expect(resumed.accept(event('m0', 'Tick'))).toBe(true);
});

test('event matchers and entry keys', () => {
  const entry = event('e', 'Product Added', { cart_id: 'c1', price: 10 });
  expect(
    matchesEvent(event('x', 'Order Completed', { total: '5' }), {
      event: 'Order Completed',
      where: [{ path: 'total', op: 'gt', value: 1 }],
    }),
  ).toBe(true);
  expect(
    matchesEvent(event('x', 'Order Completed', { total: 0 }), {
      event: 'Order Completed',
      where: [{ path: 'total', op: 'gt', value: 1 }],
    }),
  ).toBe(false);
  expect(matchesEntryKey(event('x', 'Order Completed', { cart_id: 'c1' }), entry, 'cart_id')).toBe(true);
  expect(matchesEntryKey(event('x', 'Order Completed', { cart_id: 'c2' }), entry, 'cart_id')).toBe(false);
  // No value on the entry event: nothing can match it.
  expect(matchesEntryKey(event('x', 'Order Completed', {}), event('e', 'Product Added'), 'cart_id')).toBe(
    false,
  );
});

test('an event recovered after continueAsNew goes before those that reached the new execution first', () => {
  const inbox = new RunInbox(['handed-over'], [event('handed-over', 'Tick')]);
  inbox.accept(event('arrived-first', 'Tick'));
  expect(inbox.accept(event('recovered', 'Tick'), 1)).toBe(true);
  // Already seen: a recovered event the new execution was also signalled is taken once.
  expect(inbox.accept(event('arrived-first', 'Tick'), 1)).toBe(false);
  expect(inbox.snapshot().pendingEvents.map((pending) => pending.messageId)).toEqual([
    'handed-over',
    'recovered',
    'arrived-first',
  ]);
});
