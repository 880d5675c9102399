'use client';

import {
  newNodeId,
  type AnyNodeKind,
  type JourneyDocumentEdge,
  type JourneyDocumentNode,
} from '@nudgeflow/journey';
import { useEditorStore } from './editor-store';
import type { LayoutPositions, LayoutRequest } from './layout';
import { kindOf, outputsOf, takesInput } from './node-kinds';

/**
 * What the canvas does to the document: each action is one edit (one entry in the draft's history), named
 * for the undo list and for a colleague's "who changed what".
 */

const CLIPBOARD_FORMAT = 'nudgeflow.clipboard/v1';
const CLIPBOARD_STORAGE_KEY = 'nudgeflow.clipboard';

function edgeId(source: string, output: string | null | undefined, taken: Set<string>): string {
  const base = `${source}.${output ?? 'out'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}~${n}`;
  return id;
}

export function addNode(kind: AnyNodeKind, position: { x: number; y: number }): string {
  const store = useEditorStore.getState();
  const id = newNodeId(
    kind.type,
    store.document.nodes.map((node) => node.id),
  );
  store.edit(`Added ${kind.title} (${id})`, (draft) => {
    draft.nodes.push({
      id,
      type: kind.type,
      position: { x: Math.round(position.x), y: Math.round(position.y) },
      config: structuredClone(kind.defaultConfig) as never,
    });
  });
  store.select([id]);
  return id;
}

/** Whether an edge may go from this output to that node: a real output of the source, into a node that takes input. */
export function canConnect(connection: {
  source: string;
  sourceHandle?: string | null;
  target: string;
}): boolean {
  const { document } = useEditorStore.getState();
  if (connection.source === connection.target) return false;
  const source = document.nodes.find((node) => node.id === connection.source);
  const target = document.nodes.find((node) => node.id === connection.target);
  if (!source || !target) return false;
  if (!takesInput(kindOf(target.type, target.version))) return false;
  const outputs = outputsOf(kindOf(source.type, source.version), source.config);
  if (outputs.length === 0) return false;
  if (!connection.sourceHandle) return outputs.length === 1;
  return outputs.some((output) => output.name === connection.sourceHandle);
}

/** Connects an output to a node; an output leads to one node, so an earlier edge from it is replaced. */
export function connect(connection: {
  source: string;
  sourceHandle?: string | null;
  target: string | null;
}): void {
  const store = useEditorStore.getState();
  const output = connection.sourceHandle ?? null;
  if (connection.target && !canConnect({ ...connection, target: connection.target })) return;
  store.edit(
    connection.target
      ? `Connected ${connection.source}${output ? ` (${output})` : ''} → ${connection.target}`
      : `Disconnected ${connection.source}${output ? ` (${output})` : ''}`,
    (draft) => {
      draft.edges = draft.edges.filter(
        (edge) => !(edge.source === connection.source && (edge.output ?? null) === output),
      );
      if (connection.target) {
        const taken = new Set(draft.edges.map((edge) => edge.id ?? ''));
        draft.edges.push({
          id: edgeId(connection.source, output, taken),
          source: connection.source,
          ...(output ? { output } : {}),
          target: connection.target,
        });
      }
    },
  );
}

export function removeElements(nodeIds: readonly string[], edgeIds: readonly string[]): void {
  if (nodeIds.length === 0 && edgeIds.length === 0) return;
  const store = useEditorStore.getState();
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const label =
    nodeIds.length > 0
      ? `Deleted ${nodeIds.length === 1 ? nodeIds[0] : `${nodeIds.length} nodes`}`
      : `Deleted ${edgeIds.length === 1 ? 'a connection' : `${edgeIds.length} connections`}`;
  store.edit(label, (draft) => {
    draft.nodes = draft.nodes.filter((node) => !nodes.has(node.id));
    draft.edges = draft.edges.filter(
      (edge) => !edges.has(edge.id ?? '') && !nodes.has(edge.source) && !nodes.has(edge.target),
    );
  });
  if (store.inspectedNodeId && nodes.has(store.inspectedNodeId)) store.inspect(null);
}

export function selectedNodeIds(): string[] {
  return useEditorStore
    .getState()
    .nodes.filter((node) => node.selected)
    .map((node) => node.id);
}

interface ClipboardContent {
  format: typeof CLIPBOARD_FORMAT;
  nodes: JourneyDocumentNode[];
  edges: JourneyDocumentEdge[];
}

/**
 * Copies the selected nodes and the edges between them as JSON: to the system clipboard (so it pastes into
 * another journey, in another tab) and to local storage, for browsers that refuse clipboard reads.
 */
export async function copySelection(): Promise<number> {
  const { document } = useEditorStore.getState();
  const ids = new Set(selectedNodeIds());
  if (ids.size === 0) return 0;
  const content: ClipboardContent = {
    format: CLIPBOARD_FORMAT,
    nodes: document.nodes.filter((node) => ids.has(node.id)),
    edges: document.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
  };
  const text = JSON.stringify(content);
  window.localStorage.setItem(CLIPBOARD_STORAGE_KEY, text);
  await navigator.clipboard?.writeText(text).catch(() => undefined);
  return ids.size;
}

async function readClipboard(): Promise<ClipboardContent | null> {
  const candidates: string[] = [];
  const system = await navigator.clipboard?.readText().catch(() => null);
  if (system) candidates.push(system);
  const stored = window.localStorage.getItem(CLIPBOARD_STORAGE_KEY);
  if (stored) candidates.push(stored);
  for (const text of candidates) {
    try {
      const parsed = JSON.parse(text) as ClipboardContent;
      if (parsed.format === CLIPBOARD_FORMAT && Array.isArray(parsed.nodes)) return parsed;
    } catch {
      // Not ours: the clipboard holds something else; try the next source.
    }
  }
  return null;
}

/** Pastes copied nodes with fresh ids, offset from where they were, and selects them. */
export async function paste(): Promise<number> {
  const content = await readClipboard();
  if (!content || content.nodes.length === 0) return 0;
  const store = useEditorStore.getState();
  const taken = new Set(store.document.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  for (const node of content.nodes) {
    const id = newNodeId(node.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  store.edit(
    `Pasted ${content.nodes.length === 1 ? renamed.get(content.nodes[0]!.id) : `${content.nodes.length} nodes`}`,
    (draft) => {
      for (const node of content.nodes) {
        draft.nodes.push({
          ...structuredClone(node),
          id: renamed.get(node.id)!,
          position: { x: (node.position?.x ?? 0) + 40, y: (node.position?.y ?? 0) + 40 },
        } as never);
      }
      const edgeIds = new Set(draft.edges.map((edge) => edge.id ?? ''));
      for (const edge of content.edges) {
        const source = renamed.get(edge.source)!;
        const id = edgeId(source, edge.output, edgeIds);
        edgeIds.add(id);
        draft.edges.push({
          id,
          source,
          ...(edge.output ? { output: edge.output } : {}),
          target: renamed.get(edge.target)!,
        });
      }
    },
  );
  store.select([...renamed.values()]);
  return content.nodes.length;
}

/** Moves the selected nodes by a step: the keyboard's way to arrange the canvas. */
export function nudgeSelection(dx: number, dy: number): void {
  const ids = new Set(selectedNodeIds());
  if (ids.size === 0) return;
  useEditorStore.getState().edit(
    `Moved ${ids.size === 1 ? [...ids][0] : `${ids.size} nodes`}`,
    (draft) => {
      for (const node of draft.nodes) {
        if (ids.has(node.id) && node.position)
          node.position = { x: node.position.x + dx, y: node.position.y + dy };
      }
    },
    `nudge:${[...ids].join(',')}`,
  );
}

/** A card's size before React Flow has measured it (the width the card is drawn at, a one-line summary). */
export const UNMEASURED_NODE_SIZE = { width: 260, height: 90 } as const;

/**
 * What auto-layout needs of the document: each node's outputs in the order its card draws them and its
 * size as measured on the canvas (`sizeOf`), so the laid-out cards keep their gaps whatever their content.
 */
export function layoutRequestOf(
  document: { nodes: readonly JourneyDocumentNode[]; edges?: readonly JourneyDocumentEdge[] },
  sizeOf: (nodeId: string) => { width?: number; height?: number } | undefined,
): LayoutRequest {
  return {
    nodes: document.nodes.map((node) => {
      const size = sizeOf(node.id);
      return {
        id: node.id,
        width: size?.width || UNMEASURED_NODE_SIZE.width,
        height: size?.height || UNMEASURED_NODE_SIZE.height,
        outputs: outputsOf(kindOf(node.type, node.version), node.config).map((output) => output.name),
      };
    }),
    edges: (document.edges ?? []).map((edge, index) => ({
      id: edge.id ?? `${edge.source}.${edge.output ?? 'out'}.${index}`,
      source: edge.source,
      output: edge.output ?? null,
      target: edge.target,
    })),
  };
}

export function applyLayout(positions: LayoutPositions): void {
  useEditorStore.getState().edit('Auto-layout', (draft) => {
    for (const node of draft.nodes) {
      const position = positions[node.id];
      if (position) node.position = { x: Math.round(position.x), y: Math.round(position.y) };
    }
  });
}
