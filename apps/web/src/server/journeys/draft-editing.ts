import {
  appendDraftChange,
  countWaitingRunsByNode,
  findJourney,
  findJourneyVersion,
  listDraftChanges,
  loadJourneyReferences,
  type DraftChangeKind,
  type DraftChangeRecord,
  type Db,
} from '@nudgeflow/db';
import {
  builtinRegistry,
  compileJourney,
  diffDefinitions,
  documentToGraph,
  graphToDocument,
  JourneyDefinition,
  JourneyDocument,
  JourneyGraph,
  planMigration,
  type JourneyError,
} from '@nudgeflow/journey';
import { applyPatches, enablePatches, produceWithPatches, type Patch } from 'immer';
import { z } from 'zod';

enablePatches();

/**
 * The canvas's side of journeys: the draft as a `nudgeflow.journey/v1` document, changed by small patches
 * appended to the draft's history (so undo and redo survive a reload and two editors never overwrite each
 * other), and what the publish dialog shows before it publishes.
 */

/** An immer patch on the journey document. Immer refuses `__proto__`/`constructor` paths itself. */
export const DocumentPatch = z.object({
  op: z.enum(['add', 'remove', 'replace']),
  path: z.array(z.union([z.string().max(200), z.number().int().min(0)])).max(30),
  value: z.unknown().optional(),
});
export type DocumentPatch = z.infer<typeof DocumentPatch>;

export interface DraftChangeBody {
  revision: number;
  kind: DraftChangeKind;
  targetRevision: number | null;
  label: string;
  author: string | null;
  at: string;
  patches: DocumentPatch[];
  inversePatches: DocumentPatch[];
}

function changeBody(change: DraftChangeRecord): DraftChangeBody {
  return {
    revision: change.revision,
    kind: change.kind as DraftChangeKind,
    targetRevision: change.targetRevision,
    label: change.label,
    author: change.author,
    at: change.createdAt.toISOString(),
    patches: change.patches as DocumentPatch[],
    inversePatches: change.inversePatches as DocumentPatch[],
  };
}

/** The stored draft (a JourneyGraph) as the document the canvas edits; one conversion, both directions. */
export function draftDocument(draft: unknown, meta: { name: string; description: string | null }) {
  const graph = JourneyGraph.safeParse(draft);
  const readable = graph.success
    ? graph.data
    : { nodes: [], edges: [], settings: JourneyGraph.shape.settings.parse({}) };
  return graphToDocument(readable, meta);
}

export async function openDraft(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return null;
  const history = await listDraftChanges(db, workspaceId, journeyId);
  return {
    journey: {
      id: journey.id,
      name: journey.name,
      status: journey.status,
      liveVersion: journey.activeVersion?.version ?? null,
    },
    revision: journey.draftRevision,
    document: draftDocument(journey.draft, journey),
    history: history.map(changeBody),
  };
}

export type SaveChangeResult =
  | { ok: true; revision: number }
  | {
      ok: false;
      reason: 'stale';
      revision: number;
      changes: Omit<DraftChangeBody, 'patches' | 'inversePatches'>[];
    }
  | { ok: false; reason: 'invalid' | 'archived' | 'not_found'; message: string };

/** Appends one change to the draft when it is based on the current revision. */
export async function saveDraftChange(
  db: Db,
  workspaceId: string,
  journeyId: string,
  input: {
    baseRevision: number;
    kind: Exclude<DraftChangeKind, 'replace'>;
    targetRevision?: number | null;
    label: string;
    patches: DocumentPatch[];
    inversePatches: DocumentPatch[];
    author: string;
  },
): Promise<SaveChangeResult> {
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return { ok: false, reason: 'not_found', message: 'No such journey in this workspace' };
  let renamed: string | null = null;
  const result = await appendDraftChange(db, {
    workspaceId,
    journeyId,
    baseRevision: input.baseRevision,
    kind: input.kind,
    targetRevision: input.targetRevision ?? null,
    label: input.label,
    patches: input.patches,
    inversePatches: input.inversePatches,
    author: input.author,
    apply: (draft) => {
      const before = draftDocument(draft, journey);
      let after: unknown;
      try {
        after = applyPatches(before, input.patches as Patch[]);
      } catch (error) {
        return { ok: false, message: `The change does not apply: ${(error as Error).message}` };
      }
      const parsed = JourneyDocument.safeParse(after);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { ok: false, message: `${issue.path.join('.') || 'document'}: ${issue.message}` };
      }
      if (parsed.data.name !== journey.name) renamed = parsed.data.name;
      return { ok: true, draft: documentToGraph(parsed.data) };
    },
  });
  if (!result.ok) {
    if (result.reason === 'stale') {
      return {
        ok: false,
        reason: 'stale',
        revision: result.revision,
        changes: result.changes.map((change) => {
          const { patches: _patches, inversePatches: _inverse, ...rest } = changeBody(change);
          return rest;
        }),
      };
    }
    if (result.reason === 'not_found')
      return { ok: false, reason: 'not_found', message: 'No such journey in this workspace' };
    return { ok: false, reason: result.reason, message: result.message };
  }
  if (renamed) await db.journey.update({ where: { id: journeyId }, data: { name: renamed } });
  return { ok: true, revision: result.revision };
}

/** Restoring a version is an ordinary, undoable change: the draft's nodes, edges and settings replaced. */
export async function restoreVersionAsDraft(
  db: Db,
  workspaceId: string,
  journeyId: string,
  input: { version: number; baseRevision: number; author: string },
): Promise<SaveChangeResult> {
  const journey = await findJourney(db, workspaceId, journeyId);
  const version = journey && (await findJourneyVersion(db, workspaceId, journeyId, input.version));
  if (!journey || !version) return { ok: false, reason: 'not_found', message: `No version ${input.version}` };
  const restored = draftDocument(version.graph, journey);
  const [, patches, inversePatches] = produceWithPatches(draftDocument(journey.draft, journey), (draft) => {
    draft.nodes = restored.nodes;
    draft.edges = restored.edges;
    draft.settings = restored.settings;
  });
  return saveDraftChange(db, workspaceId, journeyId, {
    baseRevision: input.baseRevision,
    kind: 'edit',
    label: `Restored version ${input.version}`,
    patches: patches as DocumentPatch[],
    inversePatches: inversePatches as DocumentPatch[],
    author: input.author,
  });
}

export interface NodeDiff {
  nodeId: string;
  kind: string;
  change: 'added' | 'removed' | 'changed';
  /** Customers of the live version waiting at this node now. */
  waiting: number;
}

export type PublishPreview =
  | { ok: false; errors: JourneyError[] }
  | {
      ok: true;
      liveVersion: number | null;
      nodes: NodeDiff[];
      settingsChanged: boolean;
      /** Whether everyone waiting could move to the new version (no waited-on node removed unmapped). */
      migration: { waitingTotal: number; possible: boolean; blockedNodes: string[] } | null;
    };

/** What publishing the draft now would change, node by node, and who waits where: the publish dialog. */
export async function previewPublish(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<PublishPreview | null> {
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return null;
  const references = await loadJourneyReferences(db, workspaceId);
  const compiled = compileJourney(journey.draft, {
    registry: builtinRegistry,
    known: { templates: references.templates, segmentIds: references.segmentIds },
  });
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  const live = journey.activeVersion;
  if (!live) {
    return {
      ok: true,
      liveVersion: null,
      settingsChanged: false,
      migration: null,
      nodes: Object.values(compiled.definition.nodes).map((node) => ({
        nodeId: node.id,
        kind: node.kind,
        change: 'added' as const,
        waiting: 0,
      })),
    };
  }
  const liveRecord = await findJourneyVersion(db, workspaceId, journeyId, live.version);
  const from = JourneyDefinition.parse(liveRecord!.definition);
  const diff = diffDefinitions(from, compiled.definition);
  const waiting = await countWaitingRunsByNode(db, workspaceId, journeyId, live.id);
  const kindOf = (id: string) => compiled.definition.nodes[id]?.kind ?? from.nodes[id]?.kind ?? '';
  const nodes: NodeDiff[] = [
    ...diff.added.map((nodeId) => ({ nodeId, change: 'added' as const })),
    ...diff.changed.map((nodeId) => ({ nodeId, change: 'changed' as const })),
    ...diff.removed.map((nodeId) => ({ nodeId, change: 'removed' as const })),
  ].map((entry) => ({ ...entry, kind: kindOf(entry.nodeId), waiting: waiting[entry.nodeId] ?? 0 }));
  const waitingTotal = Object.values(waiting).reduce((sum, count) => sum + count, 0);
  let migration: { waitingTotal: number; possible: boolean; blockedNodes: string[] } | null = null;
  if (waitingTotal > 0) {
    const plan = planMigration({ from, to: compiled.definition, waitingNodeIds: Object.keys(waiting) });
    migration = {
      waitingTotal,
      possible: plan.ok,
      blockedNodes: plan.ok ? [] : plan.affected.map((problem) => problem.nodeId),
    };
  }
  return { ok: true, liveVersion: live.version, nodes, settingsChanged: diff.settingsChanged, migration };
}
