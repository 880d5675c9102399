'use client';

import {
  builtinRegistry,
  compileJourneyDocument,
  lintJourney,
  type JourneyDocument,
  type JourneyError,
  type JourneyWarning,
} from '@nudgeflow/journey';
import { applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';
import { create } from 'zustand';
import { foldHistory, type HistoryEntry, type UndoStacks } from './draft-history';
import { toFlowEdge, toFlowNode, type JourneyFlowEdge, type JourneyFlowNode } from './flow-document';

enablePatches();

/**
 * The canvas's one store. `document` is the journey (nudgeflow.journey/v1); React Flow's nodes and edges
 * are derived from it (keeping what only the view knows: selection, measured sizes, a drag in flight).
 * Every edit is an immer recipe on the document whose patches go to the server as one change of the
 * draft's history; undo and redo replay those patches, so they survive a reload.
 */

export interface OutgoingChange {
  kind: 'edit' | 'undo' | 'redo';
  targetRevision: number | null;
  label: string;
  patches: Patch[];
  inversePatches: Patch[];
  /** Consecutive edits with the same key (typing in one field) travel as one change. */
  coalesceKey?: string;
}

export interface ConflictReport {
  revision: number;
  changes: { revision: number; label: string; author: string | null; at: string }[];
}

export type SaveChange = (
  change: OutgoingChange,
  baseRevision: number,
) => Promise<
  | { ok: true; revision: number }
  | { ok: false; reason: 'stale'; revision: number; changes: ConflictReport['changes'] }
  | { ok: false; reason: string; message: string }
>;

interface StoredPatches {
  patches: Patch[];
  inversePatches: Patch[];
  label: string;
}

export interface EditorState {
  document: JourneyDocument;
  revision: number;
  readOnly: boolean;
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  stacks: UndoStacks;
  patchesByRevision: Map<number, StoredPatches>;
  queue: OutgoingChange[];
  saveState: 'saved' | 'saving' | 'failed' | 'conflict';
  saveError: string | null;
  conflict: ConflictReport | null;
  errors: JourneyError[];
  warnings: JourneyWarning[];
  /** First problem per node id, as text: a primitive, so a node re-renders only when its own text changes. */
  nodeProblems: Record<string, string>;
  nodeWarnings: Record<string, string>;
  edgeProblems: Record<string, string>;
  inspectedNodeId: string | null;
  saveChange: SaveChange | null;

  load(input: {
    document: JourneyDocument;
    revision: number;
    history: (HistoryEntry & { patches: unknown[]; inversePatches: unknown[] })[];
    readOnly?: boolean;
    saveChange: SaveChange | null;
  }): void;
  edit(label: string, recipe: (draft: Draft<JourneyDocument>) => void, coalesceKey?: string): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  flush(): Promise<void>;
  onNodesChange(changes: NodeChange<JourneyFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<JourneyFlowEdge>[]): void;
  inspect(nodeId: string | null): void;
  select(nodeIds: string[]): void;
  validate(): void;
}

/** Rebuilds React Flow's nodes from the document, reusing each unchanged node object (memoised cards). */
function deriveFlow(
  document: JourneyDocument,
  previous: { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[] },
): { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[] } {
  const before = new Map(previous.nodes.map((node) => [node.id, node]));
  const nodes = document.nodes.map((docNode) => {
    const prior = before.get(docNode.id);
    const next = toFlowNode(docNode);
    if (
      prior &&
      prior.data.config === next.data.config &&
      prior.data.kind === next.data.kind &&
      prior.data.label === next.data.label &&
      prior.position.x === next.position.x &&
      prior.position.y === next.position.y
    )
      return prior;
    return {
      ...next,
      ...(prior?.selected ? { selected: true } : {}),
      ...(prior?.measured ? { measured: prior.measured } : {}),
    };
  });
  const selectedEdges = new Set(previous.edges.filter((edge) => edge.selected).map((edge) => edge.id));
  const edges = document.edges.map((edge, index) => {
    const flowEdge = toFlowEdge(edge, index);
    return selectedEdges.has(flowEdge.id) ? { ...flowEdge, selected: true } : flowEdge;
  });
  return { nodes, edges };
}

function firstByKey<T extends string>(
  items: { key: T | undefined; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) if (item.key && !(item.key in out)) out[item.key] = item.message;
  return out;
}

let flushing: Promise<void> | null = null;
/** The change on its way to the server: nothing may be merged into it any more. */
let inFlight: OutgoingChange | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let validateTimer: ReturnType<typeof setTimeout> | null = null;

export const useEditorStore = create<EditorState>()((set, get) => {
  const scheduleFlush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = setTimeout(() => void get().flush(), 400);
  };
  const scheduleValidate = () => {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = setTimeout(() => get().validate(), 200);
  };
  const applyDocument = (document: JourneyDocument) => {
    set((state) => ({ document, ...deriveFlow(document, state) }));
    scheduleValidate();
  };

  return {
    document: {
      format: 'nudgeflow.journey/v1',
      name: '',
      settings: {} as JourneyDocument['settings'],
      nodes: [],
      edges: [],
    },
    revision: 0,
    readOnly: false,
    nodes: [],
    edges: [],
    stacks: { undo: [], redo: [] },
    patchesByRevision: new Map(),
    queue: [],
    saveState: 'saved',
    saveError: null,
    conflict: null,
    errors: [],
    warnings: [],
    nodeProblems: {},
    nodeWarnings: {},
    edgeProblems: {},
    inspectedNodeId: null,
    saveChange: null,

    load({ document, revision, history, readOnly = false, saveChange }) {
      const patchesByRevision = new Map<number, StoredPatches>();
      for (const entry of history) {
        patchesByRevision.set(entry.revision, {
          patches: entry.patches as Patch[],
          inversePatches: entry.inversePatches as Patch[],
          label: entry.label,
        });
      }
      set({
        document,
        revision,
        readOnly,
        ...deriveFlow(document, { nodes: [], edges: [] }),
        stacks: foldHistory(history),
        patchesByRevision,
        queue: [],
        saveState: 'saved',
        saveError: null,
        conflict: null,
        saveChange,
        inspectedNodeId: null,
      });
      get().validate();
    },

    edit(label, recipe, coalesceKey) {
      const state = get();
      if (state.readOnly || state.conflict) return;
      const [document, patches, inversePatches] = produceWithPatches(state.document, recipe);
      if (patches.length === 0) return;
      const queue = [...state.queue];
      const last = queue[queue.length - 1];
      if (
        coalesceKey &&
        last &&
        last !== inFlight &&
        last.kind === 'edit' &&
        last.coalesceKey === coalesceKey
      ) {
        queue[queue.length - 1] = {
          ...last,
          patches: [...last.patches, ...patches],
          inversePatches: [...inversePatches, ...last.inversePatches],
        };
      } else {
        queue.push({
          kind: 'edit',
          targetRevision: null,
          label,
          patches,
          inversePatches,
          ...(coalesceKey ? { coalesceKey } : {}),
        });
      }
      set({ queue, saveState: 'saving' });
      applyDocument(document);
      scheduleFlush();
    },

    async undo() {
      await get().flush();
      const state = get();
      const target = state.stacks.undo[state.stacks.undo.length - 1];
      const stored = target !== undefined ? state.patchesByRevision.get(target) : undefined;
      if (target === undefined || !stored || state.readOnly || state.conflict) return;
      applyDocument(applyPatches(state.document, stored.inversePatches));
      set({
        queue: [
          {
            kind: 'undo',
            targetRevision: target,
            label: `Undo: ${stored.label}`,
            patches: stored.inversePatches,
            inversePatches: stored.patches,
          },
        ],
        saveState: 'saving',
      });
      await get().flush();
    },

    async redo() {
      await get().flush();
      const state = get();
      const target = state.stacks.redo[state.stacks.redo.length - 1];
      const stored = target !== undefined ? state.patchesByRevision.get(target) : undefined;
      if (target === undefined || !stored || state.readOnly || state.conflict) return;
      applyDocument(applyPatches(state.document, stored.patches));
      set({
        queue: [
          {
            kind: 'redo',
            targetRevision: target,
            label: `Redo: ${stored.label}`,
            patches: stored.patches,
            inversePatches: stored.inversePatches,
          },
        ],
        saveState: 'saving',
      });
      await get().flush();
    },

    flush() {
      if (flushTimer) {
        clearTimeout(flushTimer);
        flushTimer = null;
      }
      if (flushing) return flushing;
      // One save at a time, in order: each is based on the revision the previous one produced.
      const run = async () => {
        try {
          for (;;) {
            const state = get();
            const change = state.queue[0];
            if (!change || !state.saveChange || state.conflict) break;
            let result: Awaited<ReturnType<SaveChange>>;
            inFlight = change;
            try {
              result = await state.saveChange(change, state.revision);
            } catch (error) {
              set({ saveState: 'failed', saveError: (error as Error).message });
              break;
            }
            if (!result.ok) {
              if (result.reason === 'stale' && 'changes' in result) {
                set({
                  saveState: 'conflict',
                  conflict: { revision: result.revision, changes: result.changes },
                });
              } else {
                set({
                  saveState: 'failed',
                  saveError: 'message' in result ? result.message : result.reason,
                  queue: get().queue.slice(1),
                });
              }
              break;
            }
            const entry: HistoryEntry = {
              revision: result.revision,
              kind: change.kind,
              targetRevision: change.targetRevision,
              label: change.label,
            };
            const patchesByRevision = new Map(get().patchesByRevision);
            patchesByRevision.set(result.revision, {
              patches: change.patches,
              inversePatches: change.inversePatches,
              label: change.label,
            });
            set((current) => ({
              revision: result.revision,
              queue: current.queue.slice(1),
              stacks: foldHistory([entry], current.stacks),
              patchesByRevision,
              saveState: current.queue.length > 1 ? 'saving' : 'saved',
              saveError: null,
            }));
          }
        } finally {
          inFlight = null;
        }
      };
      // `.finally` runs after the assignment even when there is nothing to send (the loop ends at once):
      // reset inside `run` it would be overwritten with a settled promise, and no save would start again.
      flushing = run().finally(() => {
        flushing = null;
      });
      return flushing;
    },

    onNodesChange(changes) {
      const state = get();
      // Removal goes through the document (onDelete); everything else is view state until a drag ends.
      const viewChanges = changes.filter((change) => change.type !== 'remove');
      const nodes = applyNodeChanges(viewChanges, state.nodes);
      set({ nodes });
      const moved = changes.filter(
        (change): change is Extract<NodeChange<JourneyFlowNode>, { type: 'position' }> =>
          change.type === 'position' && change.dragging === false,
      );
      if (moved.length > 0 && !state.readOnly) {
        const byId = new Map(nodes.map((node) => [node.id, node.position]));
        state.edit(moved.length === 1 ? `Moved ${moved[0]!.id}` : `Moved ${moved.length} nodes`, (draft) => {
          for (const node of draft.nodes) {
            const position = byId.get(node.id);
            if (position && moved.some((change) => change.id === node.id))
              node.position = { x: Math.round(position.x), y: Math.round(position.y) };
          }
        });
      }
      const selected = changes.find((change) => change.type === 'select' && change.selected);
      if (selected && selected.type === 'select') set({ inspectedNodeId: selected.id });
    },

    onEdgesChange(changes) {
      const viewChanges = changes.filter((change) => change.type === 'select');
      if (viewChanges.length === 0) return;
      set((state) => ({
        edges: state.edges.map((edge) => {
          const change = viewChanges.find((candidate) => candidate.id === edge.id);
          return change && change.type === 'select' ? { ...edge, selected: change.selected } : edge;
        }),
      }));
    },

    inspect(nodeId) {
      set({ inspectedNodeId: nodeId });
    },

    select(nodeIds) {
      const wanted = new Set(nodeIds);
      set((state) => ({
        nodes: state.nodes.map((node) =>
          Boolean(node.selected) === wanted.has(node.id) ? node : { ...node, selected: wanted.has(node.id) },
        ),
        inspectedNodeId: nodeIds.length === 1 ? nodeIds[0]! : state.inspectedNodeId,
      }));
    },

    validate() {
      const { document } = get();
      const compiled = compileJourneyDocument(document, { registry: builtinRegistry });
      const errors = compiled.ok ? [] : compiled.errors;
      const warnings = lintJourney(document, builtinRegistry);
      set({
        errors,
        warnings,
        nodeProblems: firstByKey(
          errors.map((error) => ({
            key: error.nodeId,
            message: error.field ? `${error.field}: ${error.message}` : error.message,
          })),
        ),
        edgeProblems: firstByKey(errors.map((error) => ({ key: error.edgeId, message: error.message }))),
        nodeWarnings: firstByKey(
          warnings.map((warning) => ({ key: warning.nodeId, message: warning.message })),
        ),
      });
    },
  };
});
