import { firstRunFacts, readWorkspaceSettings, writeWorkspaceSetting, type Db } from '@nudgeflow/db';
import { z } from 'zod';

/**
 * The workspace home's first-run checklist. Each step ticks itself from the data: an event from the shop
 * (not one Nudgeflow emitted itself), any segment, any journey published at least once. The demo
 * workspace's seeded events therefore tick the event step; a fresh workspace starts with nothing ticked.
 * Dismissing is stored per workspace (`Workspace.settings.firstRunChecklist`), so it stays put away for
 * the whole team once set up.
 */
export const FIRST_RUN_STEPS = [
  'installSnippet',
  'sendFirstEvent',
  'createSegment',
  'publishJourney',
] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

const Dismissal = z.object({ dismissedAt: z.string(), dismissedBy: z.string() });

export async function firstRunChecklist(db: Db, workspaceId: string) {
  const [facts, settings] = await Promise.all([
    firstRunFacts(db, workspaceId),
    readWorkspaceSettings(db, workspaceId),
  ]);
  const stored = (settings as Record<string, unknown> | null)?.firstRunChecklist;
  const dismissal = Dismissal.safeParse(stored);
  // The snippet is installed exactly when events arrive: there is no other sign of it.
  const done: Record<FirstRunStep, boolean> = {
    installSnippet: facts.eventReceived,
    sendFirstEvent: facts.eventReceived,
    createSegment: facts.segmentCreated,
    publishJourney: facts.journeyPublished,
  };
  return {
    steps: FIRST_RUN_STEPS.map((step) => ({ step, done: done[step] })),
    complete: FIRST_RUN_STEPS.every((step) => done[step]),
    dismissedAt: dismissal.success ? dismissal.data.dismissedAt : null,
  };
}

export async function dismissFirstRunChecklist(db: Db, workspaceId: string, userId: string): Promise<void> {
  await writeWorkspaceSetting(db, workspaceId, 'firstRunChecklist', {
    dismissedAt: new Date().toISOString(),
    dismissedBy: userId,
  });
}
