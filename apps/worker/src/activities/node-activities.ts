import { type NodeKindRegistry, type ProfileUpdateConfig } from '@nudgeflow/journey';
import { ApplicationFailure } from '@temporalio/activity';
import { applyJourneyProfileUpdate, recordJourneySteps, setRunCurrentNode, type Db } from '@nudgeflow/db';
import type { NodeActivityResult, RunNodeInput } from '@nudgeflow/workflows';

/**
 * Nodes whose kind declares `runtime: { kind: 'activity', activity: name }` and that the interpreter does
 * not handle itself: built-in profile updates, and every plugin node. The worker looks the kind up in its
 * registry (plugins included) and calls the implementation registered under that name.
 */
export type NodeActivity = (
  input: RunNodeInput,
) => Promise<{ output: string; stepKind: string; detail: Record<string, unknown> }>;

export function builtinNodeActivities(db: Db): Record<string, NodeActivity> {
  return {
    async updateProfile(input) {
      const config = input.node.config as ProfileUpdateConfig;
      const result = await applyJourneyProfileUpdate(db, {
        workspaceId: input.run.workspaceId,
        customerId: input.run.customerId,
        operations: config.operations,
      });
      return {
        output: 'default',
        stepKind: 'profile_updated',
        detail: { operations: config.operations, applied: result !== null },
      };
    },
  };
}

export async function runNodeActivity(
  db: Db,
  registry: NodeKindRegistry,
  implementations: Record<string, NodeActivity>,
  input: RunNodeInput,
): Promise<NodeActivityResult> {
  const kind = registry.get(input.node.kind, input.node.kindVersion);
  if (!kind) {
    throw ApplicationFailure.nonRetryable(
      `Node ${input.node.id}: kind ${input.node.kind}@${input.node.kindVersion} is not installed on this worker`,
    );
  }
  if (kind.runtime.kind !== 'activity') {
    throw ApplicationFailure.nonRetryable(
      `Node ${input.node.id}: ${kind.type} is interpreted by the workflow`,
    );
  }
  const implementation = implementations[kind.runtime.activity];
  if (!implementation) {
    throw ApplicationFailure.nonRetryable(
      `Node ${input.node.id}: no activity "${kind.runtime.activity}" is registered`,
    );
  }
  await setRunCurrentNode(db, input.run.runId, input.node.id);
  const result = await implementation(input);
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        nodeId: input.node.id,
        visit: input.visit,
        kind: result.stepKind,
        at: new Date(input.at),
        detail: result.detail,
      },
    ],
  });
  return { output: result.output, detail: result.detail };
}
