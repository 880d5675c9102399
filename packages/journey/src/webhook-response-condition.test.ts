import { describe, expect, it } from 'vitest';
import {
  BranchCondition,
  resolveBranchCondition,
  webhookResponseNodeIds,
  webhookStatusMatches,
  type WebhookStatusTest,
} from './branch-condition';
import { compileJourney } from './compile';
import type { JourneyError } from './node-kind';

const enteredAt = '2026-11-20T10:00:00.000Z';
const ALWAYS = { kind: 'and', conditions: [] };
const NEVER = { kind: 'or', conditions: [] };

describe('webhook_response branch condition', () => {
  it('tests a status by class, exact value or list, and never holds without an answer', () => {
    const cases: [number | null, WebhookStatusTest, boolean][] = [
      [201, { op: 'class', value: '2xx' }, true],
      [299, { op: 'class', value: '2xx' }, true],
      [300, { op: 'class', value: '2xx' }, false],
      [422, { op: 'class', value: '4xx' }, true],
      [201, { op: 'eq', value: 201 }, true],
      [200, { op: 'eq', value: 201 }, false],
      [409, { op: 'in', values: [409, 422] }, true],
      [400, { op: 'in', values: [409, 422] }, false],
      [null, { op: 'class', value: '2xx' }, false],
      [null, { op: 'in', values: [500] }, false],
    ];
    for (const [status, test, expected] of cases) {
      expect([status, test, webhookStatusMatches(status, test)]).toEqual([status, test, expected]);
    }
  });

  it('validates the condition schema: node id required, statuses within 100–599, known classes only', () => {
    const valid = { kind: 'webhook_response', nodeId: 'notify_crm', status: { op: 'class', value: '2xx' } };
    expect(BranchCondition.safeParse(valid).success).toBe(true);
    for (const invalid of [
      { ...valid, nodeId: '' },
      { ...valid, status: { op: 'eq', value: 99 } },
      { ...valid, status: { op: 'eq', value: 600 } },
      { ...valid, status: { op: 'eq', value: 201.5 } },
      { ...valid, status: { op: 'class', value: '1xx' } },
      { ...valid, status: { op: 'in', values: [] } },
      { ...valid, status: { op: 'between', value: 200 } },
    ]) {
      expect(BranchCondition.safeParse(invalid).success, JSON.stringify(invalid)).toBe(false);
    }
  });

  it('resolves against the statuses the branch activity loaded, inside and/not trees', () => {
    const condition = BranchCondition.parse({
      kind: 'and',
      conditions: [
        { kind: 'webhook_response', nodeId: 'crm', status: { op: 'class', value: '2xx' } },
        {
          kind: 'not',
          condition: { kind: 'webhook_response', nodeId: 'erp', status: { op: 'eq', value: 409 } },
        },
      ],
    });
    expect(webhookResponseNodeIds(condition)).toEqual(['crm', 'erp']);
    const resolved = (statuses: Record<string, number | null>) =>
      resolveBranchCondition(condition, { enteredAt, webhookStatuses: statuses });
    expect(resolved({ crm: 201, erp: 200 })).toEqual({
      kind: 'and',
      conditions: [ALWAYS, { kind: 'not', condition: NEVER }],
    });
    expect(resolved({ crm: 422, erp: 409 })).toEqual({
      kind: 'and',
      conditions: [NEVER, { kind: 'not', condition: ALWAYS }],
    });
    // Nothing loaded (node not reached): the leaf does not hold.
    expect(resolveBranchCondition(condition, { enteredAt })).toEqual({
      kind: 'and',
      conditions: [NEVER, { kind: 'not', condition: NEVER }],
    });
  });
});

describe('compiling a branch on a webhook response', () => {
  const node = (id: string, type: string, config: unknown) => ({
    id,
    type,
    position: { x: 0, y: 0 },
    data: { config },
  });
  const edge = (id: string, source: string, target: string, sourceHandle?: string) => ({
    id,
    source,
    target,
    sourceHandle,
  });
  const webhookNode = node('notify_crm', 'message', {
    channels: [{ channel: 'webhook', templateId: 'crm-lead' }],
  });
  const emailNode = node('send_email', 'message', {
    channels: [{ channel: 'email', templateId: 'welcome' }],
  });

  function graph(target: string) {
    return {
      nodes: [
        node('t', 'trigger.event', { event: 'Signed Up' }),
        webhookNode,
        emailNode,
        node('w', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }),
        node('b', 'branch', {
          paths: [
            {
              id: 'accepted',
              label: 'CRM accepted',
              condition: {
                kind: 'or',
                conditions: [
                  { kind: 'reachable', channel: 'email' },
                  { kind: 'webhook_response', nodeId: target, status: { op: 'class', value: '2xx' } },
                ],
              },
            },
          ],
        }),
        node('x', 'exit', {}),
      ],
      edges: [
        edge('e1', 't', 'notify_crm'),
        edge('e2', 'notify_crm', 'send_email', 'sent'),
        edge('e3', 'notify_crm', 'send_email', 'skipped'),
        edge('e4', 'send_email', 'w', 'sent'),
        edge('e5', 'send_email', 'w', 'skipped'),
        edge('e6', 'w', 'b'),
        edge('e7', 'b', 'x', 'branch:accepted'),
        edge('e8', 'b', 'x', 'default'),
      ],
    };
  }

  function errorsFor(target: string): JourneyError[] {
    const result = compileJourney(graph(target));
    return result.ok ? [] : result.errors;
  }

  it('compiles when the node is a message node that calls a webhook', () => {
    expect(errorsFor('notify_crm')).toEqual([]);
  });

  it('names the node and the condition field when the node is missing, not a message, or sends no webhook', () => {
    const field = 'paths.0.condition.conditions.1.nodeId';
    expect(errorsFor('nope')).toEqual([
      {
        nodeId: 'b',
        field,
        message: 'Node "nope" does not exist: pick the message node that calls the webhook',
      },
    ]);
    expect(errorsFor('w')).toEqual([
      {
        nodeId: 'b',
        field,
        message: 'Node "w" is a wait.duration node, not a message node: only message nodes call webhooks',
      },
    ]);
    expect(errorsFor('send_email')).toEqual([
      {
        nodeId: 'b',
        field,
        message: 'Message node "send_email" has no webhook channel, so it never gets a response status',
      },
    ]);
  });
});
