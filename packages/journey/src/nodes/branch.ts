import { z } from 'zod';
import {
  BranchCondition,
  conditionDepth,
  conditionLeaves,
  MAX_CONDITION_DEPTH,
  webhookResponseErrors,
} from '../branch-condition';
import { defineNodeKind, type JourneyError } from '../node-kind';

export const BranchPath = z.object({
  /** Stable id; the node's output for this path is `branch:<id>`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use lowercase letters, digits, - and _ (at most 40)'),
  /** Shown on the canvas and in the step log; optional in documents, the path's id stands in. */
  label: z.string().min(1).max(100).optional(),
  condition: BranchCondition,
});
export type BranchPath = z.infer<typeof BranchPath>;

/**
 * Paths tested in order; the first whose condition holds is taken, else `default`. Conditions are the
 * segment condition language plus run-only leaves (see branch-condition.ts); the branch activity resolves
 * them with `resolveBranchCondition` and evaluates them with `@nudgeflow/segments`.
 */
export const BranchConfig = z.object({
  paths: z.array(BranchPath).min(1, 'Add at least one path').max(20),
});
export type BranchConfig = z.infer<typeof BranchConfig>;

export const BRANCH_DEFAULT_OUTPUT = 'default';

export function branchOutput(id: string): string {
  return `branch:${id}`;
}

export const branch = defineNodeKind({
  type: 'branch',
  version: 1,
  title: 'Branch',
  description:
    'Send customers down different paths by profile, what they did, segment membership or which channels reach them.',
  category: 'flow',
  configSchema: BranchConfig,
  defaultConfig: {
    paths: [
      {
        id: 'yes',
        label: 'Yes',
        condition: { kind: 'performed_since_entry', event: '', where: [] },
      },
    ],
  },
  outputs: (config) => [
    ...config.paths.map((path) => ({ name: branchOutput(path.id), label: path.label ?? path.id })),
    { name: BRANCH_DEFAULT_OUTPUT, label: 'Otherwise', required: true },
  ],
  summary: (config) => `Branch: ${config.paths.map((path) => path.label ?? path.id).join(' / ')} / otherwise`,
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    const { nodeId } = ctx;
    const seen = new Set<string>();
    config.paths.forEach((path, index) => {
      if (seen.has(path.id)) {
        errors.push({ nodeId, field: `paths.${index}.id`, message: `Path id "${path.id}" is used twice` });
      }
      seen.add(path.id);
      if (conditionDepth(path.condition) > MAX_CONDITION_DEPTH) {
        errors.push({
          nodeId,
          field: `paths.${index}.condition`,
          message: `Conditions nest at most ${MAX_CONDITION_DEPTH} levels deep`,
        });
      }
      if (ctx.nodes) {
        for (const error of webhookResponseErrors(path.condition, `paths.${index}.condition`, ctx.nodes)) {
          errors.push({ nodeId, ...error });
        }
      }
      for (const { path: leafPath, leaf } of conditionLeaves(path.condition)) {
        const field = `paths.${index}.condition${leafPath ? `.${leafPath}` : ''}`;
        if (
          leaf.kind === 'in_segment' &&
          ctx.known?.segmentIds &&
          !ctx.known.segmentIds.has(leaf.segmentId)
        ) {
          errors.push({
            nodeId,
            field: `${field}.segmentId`,
            message: `Segment ${leaf.segmentId} does not exist`,
          });
        }
        if (leaf.kind === 'topic' && ctx.known?.topicKeys && !ctx.known.topicKeys.has(leaf.topic)) {
          errors.push({ nodeId, field: `${field}.topic`, message: `Topic "${leaf.topic}" does not exist` });
        }
      }
    });
    return errors;
  },
  ui: {
    icon: 'git-branch',
    color: '#f59e0b',
    fields: {
      paths: { label: 'Paths (first match wins)' },
      'paths.*.label': { widget: 'text', label: 'Label' },
      'paths.*.condition': { widget: 'branch-condition', label: 'Condition' },
    },
  },
  // Conditions read live data (profile, history, segments): `evaluateBranch` answers, and history keeps it.
  runtime: { kind: 'workflow', activities: ['evaluateBranch'] },
});
