import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile';
import { decompileJourney } from './decompile';
import { compileJourneyDocument, documentToGraph, graphToDocument, JourneyDocument } from './document';
import { graphLayout, type JourneyGraphInput } from './graph';
import type { JourneyError } from './node-kind';

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const examples = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(`${examplesDir}${file}`, 'utf8')) as unknown] as const);

function cartGraph(): JourneyGraphInput {
  const cart = examples.find(([file]) => file === 'cart-abandonment.json')![1];
  return documentToGraph(JourneyDocument.parse(cart));
}

function errorsOf(graph: unknown): JourneyError[] {
  const result = compileJourney(graph);
  if (result.ok) throw new Error('expected compile errors');
  return result.errors;
}

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
const trigger = node('t', 'trigger.event', { event: 'Product Added' });
const wait = node('w', 'wait.duration', { duration: { amount: 1, unit: 'hours' } });
const stop = node('x', 'exit', {});

describe('compileJourney', () => {
  it.each(examples)('compiles the example %s', (_file, raw) => {
    const result = compileJourneyDocument(raw);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('produces the cart abandonment definition the interpreter runs', () => {
    const result = compileJourney(cartGraph(), {
      identity: { journeyId: 'j1', versionId: 'v1', version: 3, name: 'Cart' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { definition } = result;
    expect(definition.triggerNodeIds).toEqual(['product_added']);
    expect(definition.version).toBe(3);
    expect(definition.settings.entry.uniqueBy).toBe('cart_id');
    expect(definition.nodes.product_added!.next).toEqual({ default: 'wait_for_order' });
    expect(definition.nodes.wait_for_order!.next).toEqual({
      'event:ordered': 'ordered',
      timeout: 'cart_reminder',
    });
    // Unwired outputs are explicit nulls: the path ends there.
    expect(definition.nodes.cart_reminder!.next).toEqual({ sent: null, skipped: null });
    // Config is stored as parsed, defaults applied.
    expect(definition.nodes.cart_reminder!.config).toMatchObject({ topicKey: 'marketing' });
    expect(definition.nodes.wait_for_order!).toMatchObject({ kind: 'wait.events', kindVersion: 1 });
  });

  it('maps invalid config to the node and field', () => {
    const errors = errorsOf({
      nodes: [trigger, node('m', 'message', { channels: [], topicKey: '' }), stop],
      edges: [edge('e1', 't', 'm'), edge('e2', 'm', 'x', 'sent')],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'm', field: 'channels', message: 'Add at least one channel' }),
        expect.objectContaining({ nodeId: 'm', field: 'topicKey' }),
      ]),
    );
  });

  it('reports unknown kinds and versions, naming the node', () => {
    const errors = errorsOf({
      nodes: [trigger, node('p', 'acme.promo', {}), { ...wait, data: { ...wait.data, kindVersion: 9 } }],
      edges: [edge('e1', 't', 'p'), edge('e2', 't', 'w')],
    });
    expect(errors).toContainEqual({
      nodeId: 'p',
      message: expect.stringContaining('Unknown node kind "acme.promo"'),
    });
    expect(errors).toContainEqual({ nodeId: 'w', message: expect.stringContaining('has no version 9') });
  });

  it('reports dangling edges, unknown outputs and outputs wired twice, naming the edge', () => {
    const errors = errorsOf({
      nodes: [trigger, wait, stop, node('y', 'exit', {})],
      edges: [
        edge('e1', 't', 'w'),
        edge('e2', 'w', 'gone'),
        edge('e3', 'nowhere', 'x'),
        edge('e4', 'w', 'x', 'timeout'),
        edge('e5', 'w', 'x', 'default'),
        edge('e6', 'w', 'y', 'default'),
      ],
    });
    const byEdge = Object.fromEntries(errors.filter((e) => e.edgeId).map((e) => [e.edgeId, e.message]));
    expect(byEdge.e2).toMatch(/leads to node "gone"/);
    expect(byEdge.e3).toMatch(/starts at node "nowhere"/);
    expect(byEdge.e4).toMatch(/no output "timeout"/);
    expect(byEdge.e6).toMatch(/connected twice/);
    expect(byEdge.e5).toBeUndefined();
    expect(errors).toContainEqual({ nodeId: 'y', message: 'No path leads here from a trigger' });
  });

  it('requires a trigger, and a connected default on every branch', () => {
    expect(errorsOf({ nodes: [wait], edges: [] })).toContainEqual({
      message: 'Add a trigger: a journey needs at least one way in',
    });
    const branch = node('b', 'branch', {
      paths: [
        { id: 'vip', label: 'VIP', condition: { kind: 'trait', path: 'tags', op: 'contains', value: 'vip' } },
      ],
    });
    const errors = errorsOf({
      nodes: [trigger, branch, stop],
      edges: [edge('e1', 't', 'b'), edge('e2', 'b', 'x', 'branch:vip')],
    });
    expect(errors).toEqual([{ nodeId: 'b', message: expect.stringContaining('"Otherwise"') }]);
  });

  it('refuses loops without a wait, and accepts them with one', () => {
    const split = node('s', 'split', {
      paths: [
        { id: 'a', label: 'A', percent: 50 },
        { id: 'b', label: 'B', percent: 50 },
      ],
    });
    const message = node('m', 'message', { channels: [{ channel: 'push', templateId: 'tpl' }] });
    const loop = errorsOf({
      nodes: [trigger, split, message],
      edges: [edge('e1', 't', 's'), edge('e2', 's', 'm', 'path:a'), edge('e3', 'm', 's', 'sent')],
    });
    expect(loop.map((e) => e.nodeId).sort()).toEqual(['m', 's']);
    expect(loop[0]!.message).toMatch(/loop \(s → m\) has no wait/);
    const withWait = compileJourney({
      nodes: [trigger, split, message, wait],
      edges: [
        edge('e1', 't', 's'),
        edge('e2', 's', 'm', 'path:a'),
        edge('e3', 'm', 'w', 'sent'),
        edge('e4', 'w', 's'),
      ],
    });
    expect(withWait.ok).toBe(true);
    const selfLoop = errorsOf({
      nodes: [trigger, split],
      edges: [edge('e1', 't', 's'), edge('e2', 's', 's', 'path:a')],
    });
    expect(selfLoop).toEqual([{ nodeId: 's', message: expect.stringMatching(/loop \(s\)/) }]);
  });

  it('refuses edges into triggers and goals; goals count as reachable', () => {
    const goal = node('g', 'goal', { event: 'Order Completed' });
    expect(
      compileJourney({
        nodes: [trigger, wait, goal, stop],
        edges: [edge('e1', 't', 'w'), edge('e2', 'g', 'x')],
      }).ok,
    ).toBe(true);
    const errors = errorsOf({
      nodes: [trigger, wait, goal],
      edges: [edge('e1', 't', 'w'), edge('e2', 'w', 'g'), edge('e3', 'w', 't')],
    });
    expect(errors.map((e) => e.edgeId)).toEqual(['e2', 'e3']);
  });

  it('checks entry keys against triggers without an entry event', () => {
    const segmentTrigger = node('s', 'trigger.segment', { segmentId: 'seg', on: 'entered' });
    const waitEvents = node('w', 'wait.events', {
      events: [{ id: 'ordered', matcher: { event: 'Order Completed' }, matchEntryKey: 'cart_id' }],
      timeout: { amount: 3, unit: 'seconds' },
    });
    const errors = errorsOf({
      nodes: [trigger, segmentTrigger, waitEvents],
      edges: [edge('e1', 't', 'w'), edge('e2', 's', 'w')],
      settings: { entry: { uniqueBy: 'cart_id' } },
    });
    expect(errors).toEqual([
      { nodeId: 'w', field: 'events.0.matchEntryKey', message: expect.stringContaining('no entry event') },
      { nodeId: 's', message: expect.stringContaining('unique per entry property "cart_id"') },
    ]);
  });

  it('checks references when the workspace ids are known', () => {
    const result = compileJourney(cartGraph(), {
      known: {
        templates: new Map([['00000000-0000-4000-8000-00000000c001', 'email']]),
        channels: new Set(['push', 'email']),
      },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        nodeId: 'cart_reminder',
        field: 'channels.0.templateId',
        message: 'Template 00000000-0000-4000-8000-00000000c001 is written for email, not push',
      },
      {
        nodeId: 'cart_reminder',
        field: 'channels.1.templateId',
        message: 'Template 00000000-0000-4000-8000-00000000c002 does not exist',
      },
    ]);
  });

  it('locates malformed graph input on the node it belongs to', () => {
    const errors = errorsOf({
      nodes: [
        { ...trigger, id: 'bad id' },
        { id: 'n2', type: 'exit', data: { config: {} } },
      ],
      edges: [],
    });
    expect(errors.map((e) => e.nodeId)).toEqual(['bad id', 'n2']);
    expect(errors[1]!.field).toBe('position');
  });
});

describe('decompileJourney', () => {
  it.each(examples)('round-trips %s: graph → definition → graph → definition', (_file, raw) => {
    const first = compileJourneyDocument(raw);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const graph = decompileJourney(first.definition, graphLayout(first.graph));
    const second = compileJourney(graph, {
      identity: { journeyId: 'draft', versionId: 'draft', version: 1, name: first.document.name },
    });
    expect(second).toEqual({ ok: true, definition: first.definition });
    expect(graph.nodes.map((n) => [n.id, n.position, n.data.label])).toEqual(
      first.graph.nodes.map((n) => [n.id, n.position, n.data.label]),
    );
  });

  it('lays out definitions that come without a drawing', () => {
    const first = compileJourney(cartGraph());
    if (!first.ok) throw new Error('cart does not compile');
    const graph = decompileJourney(first.definition);
    const y = Object.fromEntries(graph.nodes.map((n) => [n.id, n.position.y]));
    expect(y.product_added).toBeLessThan(y.wait_for_order!);
    expect(y.wait_for_order).toBeLessThan(y.cart_reminder!);
  });

  it('exports documents that import to the same journey', () => {
    const first = compileJourneyDocument(examples[0]![1]);
    if (!first.ok) throw new Error('example does not compile');
    const exported = JSON.parse(
      JSON.stringify(graphToDocument(first.graph, { name: first.document.name }, () => 1)),
    ) as unknown;
    const again = compileJourneyDocument(exported);
    expect(again.ok && again.definition).toEqual(first.definition);
  });
});

describe('journey documents', () => {
  it('refuse misspelled fields in documents, settings and node configs instead of dropping them', () => {
    const raw = {
      format: 'nudgeflow.journey/v1',
      name: 'Typos',
      settings: {
        exitCritera: [{ event: 'Order Completed' }],
        entry: { reentry: { mode: 'never' }, unique: 'cart_id' },
      },
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'Signed Up', wher: [] }, lable: 'Start' },
        {
          id: 'wait',
          type: 'wait.events',
          config: {
            events: [{ id: 'a', matcher: { event: 'X' }, matchEntrykey: 'cart_id' }],
            timeout: { amount: 1, unit: 'days' },
          },
        },
      ],
      edges: [{ source: 'start', target: 'wait', ouput: 'default' }],
    };
    const result = compileJourneyDocument(raw);
    expect(!result.ok && result.errors).toEqual([
      { field: 'settings.exitCritera', message: 'Unknown field' },
      { field: 'settings.entry.unique', message: 'Unknown field' },
      { nodeId: 'start', field: 'lable', message: 'Unknown field' },
      { field: 'edges.0.ouput', message: 'Unknown field' },
      { nodeId: 'start', field: 'wher', message: 'Unknown field for trigger.event' },
      { nodeId: 'wait', field: 'events.0.matchEntrykey', message: 'Unknown field for wait.events' },
    ]);
  });
});
