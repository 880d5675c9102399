import { compileJourney } from '@nudgeflow/journey';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  configJsonSchema,
  defineChannel,
  defineNodeKind,
  definePlugin,
  localised,
  registryWithPlugins,
} from './index';

const PromoCodeConfig = z.object({
  prefix: z.string().regex(/^[A-Z]{2,8}$/, 'Use 2–8 capital letters'),
  percentOff: z.number().int().min(1).max(90),
  validDays: z.number().int().positive().default(14),
});

const promoCode = defineNodeKind({
  type: 'acme.promo-code',
  version: 1,
  title: 'Generate promo code',
  description: 'A unique code per customer, stored on the profile for templates.',
  category: 'action',
  configSchema: PromoCodeConfig,
  defaultConfig: { prefix: 'SAVE', percentOff: 10 },
  outputs: () => [
    { name: 'default', label: 'Code ready' },
    { name: 'failed', label: 'No code' },
  ],
  summary: (config) => `${config.percentOff}% code ${config.prefix}-…`,
  compile: (config, ctx) =>
    config.percentOff > 50 && config.validDays > 7
      ? [{ nodeId: ctx.nodeId, field: 'validDays', message: 'Big discounts may last a week at most' }]
      : [],
  ui: { icon: 'ticket', color: '#db2777', fields: { percentOff: { widget: 'percent', label: 'Discount' } } },
  runtime: { kind: 'activity', activity: 'acme.promo-code' },
});

const acme = definePlugin({ name: 'acme', version: '1.0.0', nodeKinds: [promoCode] });

const graph = (config: unknown) => ({
  nodes: [
    {
      id: 'start',
      type: 'trigger.event',
      position: { x: 0, y: 0 },
      data: { config: { event: 'Signed Up' } },
    },
    { id: 'code', type: 'acme.promo-code', position: { x: 0, y: 100 }, data: { config } },
    { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { config: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'code' },
    { id: 'e2', source: 'code', sourceHandle: 'failed', target: 'done' },
  ],
});

describe('plugin node kinds', () => {
  it('compile through the same compiler as built-ins', () => {
    const registry = registryWithPlugins([acme]);
    const result = compileJourney(graph({ prefix: 'WELCOME', percentOff: 15 }), { registry });
    expect(result.ok && result.definition.nodes.code).toEqual({
      id: 'code',
      kind: 'acme.promo-code',
      kindVersion: 1,
      config: { prefix: 'WELCOME', percentOff: 15, validDays: 14 },
      next: { default: null, failed: 'done' },
    });
    const invalid = compileJourney(graph({ prefix: 'x', percentOff: 60 }), { registry });
    expect(!invalid.ok && invalid.errors).toEqual([
      { nodeId: 'code', field: 'prefix', message: 'Use 2–8 capital letters' },
    ]);
    const hook = compileJourney(graph({ prefix: 'BIG', percentOff: 60 }), { registry });
    expect(!hook.ok && hook.errors).toEqual([
      { nodeId: 'code', field: 'validDays', message: 'Big discounts may last a week at most' },
    ]);
    expect(configJsonSchema(promoCode)).toMatchObject({ required: ['prefix', 'percentOff'] });
  });

  it('fail loudly, naming the plugin and the node, when the plugin is missing', () => {
    const result = compileJourney(graph({ prefix: 'WELCOME', percentOff: 15 }));
    expect(!result.ok && result.errors).toEqual([
      {
        nodeId: 'code',
        message: 'Unknown node kind "acme.promo-code" (is the plugin that provides it installed?)',
      },
    ]);
  });

  it('refuse kinds outside the namespace, built-in namespaces, workflow runtimes and duplicates', () => {
    expect(() => definePlugin({ name: 'wait', version: '1', nodeKinds: [] })).toThrow(/built-in/);
    expect(() => definePlugin({ name: 'other', version: '1', nodeKinds: [promoCode] })).toThrow(
      /"other.<node>"/,
    );
    expect(() =>
      definePlugin({
        name: 'acme',
        version: '1',
        nodeKinds: [{ ...promoCode, runtime: { kind: 'workflow' } }],
      }),
    ).toThrow(/activity/);
    expect(() => registryWithPlugins([acme, { ...acme, name: 'acme-copy' }])).toThrow(
      /also provided by plugin "acme"/,
    );
  });
});

describe('plugin channels', () => {
  const fax = (id: string) =>
    defineChannel(
      {
        id,
        label: 'Fax',
        consent: 'none',
        countsTowardCaps: true,
        engagement: { opens: false, clicks: false, how: 'delivery receipts only' },
        interruptive: true,
        onInterrupted: 'give-up',
        receipts: ['delivered'],
        content: z.object({ ...localised(z.object({ body: z.string() })) }),
      },
      () => ({
        reachability: () => ({ reachable: true }),
        render: async () => ({ body: 'hello' }),
        send: async () => ({ ok: true, providerId: 'fax-1' }),
      }),
    );

  it('are declared with the same defineChannel as the built-ins, named within the plugin', () => {
    const plugin = definePlugin({
      name: 'acme',
      version: '1.0.0',
      nodeKinds: [],
      channels: [fax('acme.fax')],
    });
    expect(plugin.channels?.map((channel) => channel.id)).toEqual(['acme.fax']);
    expect(() =>
      definePlugin({ name: 'acme', version: '1.0.0', nodeKinds: [], channels: [fax('fax')] }),
    ).toThrow(/channel "fax" must be named "acme.<channel>"/);
  });

  it('fail at declaration when a part is missing', () => {
    expect(() => defineChannel({ id: 'acme.pager', label: 'Pager' } as never, () => null)).toThrow(
      /acme\.pager.*consent, countsTowardCaps, engagement, interruptive, onInterrupted, receipts, content/,
    );
  });
});
