import {
  BRANCH_DEFAULT_OUTPUT,
  branchOutput,
  conditionLeaves,
  resolveBranchCondition,
  webhookResponseNodeIds,
  type BranchConfig,
} from '@nudgeflow/journey';
import { describeSegmentNeeds, evaluateCondition, type SegmentCondition } from '@nudgeflow/segments';
import {
  latestWebhookResponses,
  loadSegmentFacts,
  recordJourneySteps,
  setRunCurrentNode,
  type Db,
} from '@nudgeflow/db';
import type { BranchDecision, EvaluateBranchInput, RunContext } from '@nudgeflow/workflows';
import { comparedInputs } from './branch-inputs';

/**
 * Evaluates a branch node's paths in order against live data (profile, event history, messages, segment
 * membership, reachability) with the segments evaluator, and logs which path was taken with what each
 * condition found. It runs as an activity so the answer is recorded in history: replays take the same path
 * whatever the data is by then.
 */
export async function decideBranch(
  db: Db,
  run: RunContext,
  config: BranchConfig,
  now: Date,
): Promise<BranchDecision> {
  const webhookNodeIds = [...new Set(config.paths.flatMap((path) => webhookResponseNodeIds(path.condition)))];
  const responses = await latestWebhookResponses(db, { runId: run.runId, nodeIds: webhookNodeIds });
  const webhookStatuses = Object.fromEntries(
    webhookNodeIds.map((nodeId) => [nodeId, responses.get(nodeId)?.status ?? null]),
  );
  const context = {
    enteredAt: run.enteredAt,
    webhookStatuses,
    ...(run.entryEvent ? { entryEvent: run.entryEvent } : {}),
  };
  const resolved = config.paths.map((path) => resolveBranchCondition(path.condition, context));
  const needs = describeSegmentNeeds(
    resolved.map((condition) => ({ version: 1 as const, condition })),
    now,
  );
  const facts = await loadSegmentFacts(db, run.workspaceId, run.customerId, needs);
  const evaluated: BranchDecision['evaluated'] = [];
  if (!facts) return { output: BRANCH_DEFAULT_OUTPUT, pathId: null, evaluated };
  for (const [index, path] of config.paths.entries()) {
    const matched = evaluateCondition(resolved[index]!, facts, now);
    // Per leaf: what it tested, whether it held, and the values it compared (the inspector shows them).
    const values = conditionLeaves(path.condition).map(({ path: at, leaf }) => {
      const single: SegmentCondition = resolveBranchCondition(leaf, context);
      const held = evaluateCondition(single, facts, now);
      if (leaf.kind === 'webhook_response') {
        const response = responses.get(leaf.nodeId);
        return {
          at,
          kind: leaf.kind,
          held,
          nodeId: leaf.nodeId,
          expected: leaf.status,
          actual: response?.status ?? null,
          ...(response ? { sendId: response.sendId } : {}),
        };
      }
      return { at, kind: leaf.kind, held, ...comparedInputs(leaf, single, facts, now, run.entryEvent) };
    });
    evaluated.push({ pathId: path.id, matched, values });
    if (matched) return { output: branchOutput(path.id), pathId: path.id, evaluated };
  }
  return { output: BRANCH_DEFAULT_OUTPUT, pathId: null, evaluated };
}

export async function decideBranchActivity(db: Db, input: EvaluateBranchInput): Promise<BranchDecision> {
  const decision = await decideBranch(db, input.run, input.config, new Date(input.at));
  await setRunCurrentNode(db, input.run.runId, input.nodeId);
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        nodeId: input.nodeId,
        visit: input.visit,
        kind: 'branched',
        at: new Date(input.at),
        detail: { output: decision.output, pathId: decision.pathId, evaluated: decision.evaluated },
      },
    ],
  });
  return decision;
}
