import { SEGMENT_ENTERED, SEGMENT_EXITED } from '@nudgeflow/segments';
import { describe, expect, it } from 'vitest';
import type { CompiledNode } from '../definition';
import { builtinNodeKinds, entryTriggerId, entryTriggers, JOURNEY_API_TRIGGER_EVENT } from './index';
import { JOURNEY_SCHEDULE_TRIGGER_EVENT } from './trigger-schedule';

const trigger = (id: string, kind: string, config: unknown): CompiledNode => ({
  id,
  kind,
  kindVersion: 1,
  config,
  next: { default: null },
});

const definition = {
  journeyId: 'journey-1',
  triggerNodeIds: ['added', 'joined', 'left', 'api', 'weekly'],
  nodes: Object.fromEntries(
    [
      trigger('added', 'trigger.event', {
        event: 'Product Added',
        where: [{ path: 'category', op: 'eq', value: 'shoes' }],
      }),
      trigger('joined', 'trigger.segment', { segmentId: 'vip', on: 'entered' }),
      trigger('left', 'trigger.segment', { segmentId: 'vip', on: 'exited' }),
      trigger('api', 'trigger.api', { requiredProperties: [] }),
      trigger('weekly', 'trigger.schedule', {
        when: { kind: 'cron', expression: '0 9 * * 1' },
        customerLocalTime: false,
        timezone: 'UTC',
        segmentId: 'vip',
      }),
    ].map((node) => [node.id, node]),
  ),
};

describe('entry through trigger kinds (what the dispatcher and the journeys API ask)', () => {
  it('every trigger kind says which events enter, and no other kind does', () => {
    for (const kind of builtinNodeKinds) {
      expect(typeof kind.matchesEntry === 'function', kind.type).toBe(kind.category === 'trigger');
    }
  });

  it.each([
    [
      'an event with matching properties',
      { name: 'Product Added', properties: { category: 'shoes' } },
      'added',
    ],
    [
      'an event whose properties do not match',
      { name: 'Product Added', properties: { category: 'hats' } },
      null,
    ],
    ['joining the segment', { name: SEGMENT_ENTERED, properties: { segmentId: 'vip' } }, 'joined'],
    ['leaving the segment', { name: SEGMENT_EXITED, properties: { segmentId: 'vip' } }, 'left'],
    ['another segment', { name: SEGMENT_ENTERED, properties: { segmentId: 'other' } }, null],
    [
      'an API call for this journey',
      { name: JOURNEY_API_TRIGGER_EVENT, properties: { journeyId: 'journey-1' } },
      'api',
    ],
    [
      'an API call for another journey',
      { name: JOURNEY_API_TRIGGER_EVENT, properties: { journeyId: 'j2' } },
      null,
    ],
    [
      'this schedule trigger firing',
      {
        name: JOURNEY_SCHEDULE_TRIGGER_EVENT,
        properties: { journeyId: 'journey-1', triggerNodeId: 'weekly' },
      },
      'weekly',
    ],
    [
      'another trigger node’s schedule',
      {
        name: JOURNEY_SCHEDULE_TRIGGER_EVENT,
        properties: { journeyId: 'journey-1', triggerNodeId: 'daily' },
      },
      null,
    ],
  ] as const)('%s', (_name, event, expected) => {
    expect(entryTriggerId(definition, event)).toBe(expected);
  });

  it('lists every trigger that lets an event in, in trigger order', () => {
    const twice = {
      ...definition,
      triggerNodeIds: ['api', 'api-2'],
      nodes: {
        ...definition.nodes,
        'api-2': trigger('api-2', 'trigger.api', { requiredProperties: ['order_id'] }),
      },
    };
    const event = { name: JOURNEY_API_TRIGGER_EVENT, properties: { journeyId: 'journey-1' } };
    expect(entryTriggers(twice, event).map((node) => node.id)).toEqual(['api', 'api-2']);
  });
});
