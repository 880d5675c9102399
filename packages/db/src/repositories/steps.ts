import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/**
 * The step log: what each customer did in a journey and why. Written by journey activities, which run at
 * least once: the (runId, nodeId, visit, kind) unique key makes a retried write a no-op.
 */
export interface JourneyStepInput {
  nodeId: string;
  visit: number;
  /** entered | waited | branched | split | message_requested | profile_updated | goal | exited | completed | migrated … */
  kind: string;
  detail?: Record<string, unknown>;
  at?: Date;
}

export async function recordJourneySteps(
  db: Db | Prisma.TransactionClient,
  input: { runId: string; journeyId: string; steps: readonly JourneyStepInput[] },
): Promise<void> {
  if (input.steps.length === 0) return;
  await db.journeyStep.createMany({
    data: input.steps.map((step) => ({
      runId: input.runId,
      journeyId: input.journeyId,
      nodeId: step.nodeId,
      visit: step.visit,
      kind: step.kind,
      detail: (step.detail ?? {}) as Prisma.InputJsonValue,
      ...(step.at ? { at: step.at } : {}),
    })),
    skipDuplicates: true,
  });
}

/** A run's steps in the order they happened, for the inspector. */
export function listJourneySteps(db: Db, runId: string) {
  return db.journeyStep.findMany({
    where: { runId },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { id: true, nodeId: true, visit: true, kind: true, detail: true, at: true },
  });
}
