import { z } from 'zod';
import { defineNodeKind, type JourneyError } from '../node-kind';

export const SplitPath = z.object({
  /** Stable id; the node's output for this path is `path:<id>`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use lowercase letters, digits, - and _ (at most 40)'),
  /** Shown on the canvas and in the step log; optional in documents, the path's id stands in. */
  label: z.string().min(1).max(100).optional(),
  percent: z.number().min(0).max(100),
});
export type SplitPath = z.infer<typeof SplitPath>;

/**
 * Random split, deterministic per customer: the same customer always lands on the same path of the same
 * node (re-entries, retries, replays). Paths plus holdout must add up to 100.
 */
export const SplitConfig = z.object({
  paths: z.array(SplitPath).min(1).max(10),
  /** Share held out as a control group: they take the `holdout` output (usually to an exit). */
  holdoutPercent: z.number().min(0).max(100).default(0),
});
export type SplitConfig = z.infer<typeof SplitConfig>;

export const SPLIT_HOLDOUT_OUTPUT = 'holdout';

export function splitOutput(id: string): string {
  return `path:${id}`;
}

/**
 * A stable bucket in [0, 100) for this customer at this node, from a 53-bit string hash (cyrb53). Pure and
 * synchronous, with no Node crypto, so workflows can call it. Salting with the node id keeps two split
 * nodes independent of each other.
 */
export function splitBucket(customerId: string, nodeId: string): number {
  const input = `${nodeId}\u0000${customerId}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return (hash / 2 ** 53) * 100;
}

/** The output a customer takes at this split node. */
export function chooseSplitOutput(config: SplitConfig, customerId: string, nodeId: string): string {
  const bucket = splitBucket(customerId, nodeId);
  let upper = 0;
  for (const path of config.paths) {
    upper += path.percent;
    if (bucket < upper) return splitOutput(path.id);
  }
  if (config.holdoutPercent > 0) return SPLIT_HOLDOUT_OUTPUT;
  // Only reachable through floating-point rounding when the shares add up to 100.
  return splitOutput(config.paths[config.paths.length - 1]!.id);
}

export const split = defineNodeKind({
  type: 'split',
  version: 1,
  title: 'Random split',
  description: 'Split customers at random into paths by percentage, with an optional holdout group.',
  category: 'flow',
  configSchema: SplitConfig,
  defaultConfig: {
    paths: [
      { id: 'a', label: 'A', percent: 50 },
      { id: 'b', label: 'B', percent: 50 },
    ],
    holdoutPercent: 0,
  },
  outputs: (config) => [
    ...config.paths.map((path) => ({
      name: splitOutput(path.id),
      label: `${path.label ?? path.id} (${path.percent}%)`,
    })),
    ...(config.holdoutPercent > 0
      ? [{ name: SPLIT_HOLDOUT_OUTPUT, label: `Holdout (${config.holdoutPercent}%)` }]
      : []),
  ],
  summary: (config) =>
    `Split ${config.paths.map((path) => `${path.percent}%`).join(' / ')}${
      config.holdoutPercent > 0 ? `, holdout ${config.holdoutPercent}%` : ''
    }`,
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    const total = config.paths.reduce((sum, path) => sum + path.percent, 0) + config.holdoutPercent;
    if (Math.abs(total - 100) > 1e-9) {
      errors.push({ nodeId: ctx.nodeId, field: 'paths', message: `Shares add up to ${total}%, not 100%` });
    }
    const seen = new Set<string>();
    config.paths.forEach((path, index) => {
      if (seen.has(path.id)) {
        errors.push({
          nodeId: ctx.nodeId,
          field: `paths.${index}.id`,
          message: `Path id "${path.id}" is used twice`,
        });
      }
      seen.add(path.id);
    });
    return errors;
  },
  ui: {
    icon: 'split',
    color: '#f59e0b',
    fields: {
      'paths.*.percent': { widget: 'percent', label: 'Share' },
      holdoutPercent: { widget: 'percent', label: 'Holdout (control group)' },
    },
  },
  runtime: { kind: 'workflow' },
});
