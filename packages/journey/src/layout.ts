import type { GraphPosition } from './graph';

const COLUMN_WIDTH = 300;
const ROW_HEIGHT = 180;

/**
 * A quick layered layout for graphs that arrive without positions (journeys written as code, decompiled
 * definitions): rows by distance from the entry nodes, columns in order of appearance. The canvas offers a
 * proper auto-layout (elk/dagre); this only has to be readable and deterministic.
 */
export function layeredLayout(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[],
  entryIds: readonly string[],
): Record<string, GraphPosition> {
  const known = new Set(nodeIds);
  const outgoing = new Map<string, string[]>();
  const hasIncoming = new Set<string>();
  for (const edge of edges) {
    if (!known.has(edge.source) || !known.has(edge.target)) continue;
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
    if (edge.source !== edge.target) hasIncoming.add(edge.target);
  }
  const depth = new Map<string, number>();
  const queue: string[] = [];
  const roots = [...entryIds.filter((id) => known.has(id)), ...nodeIds.filter((id) => !hasIncoming.has(id))];
  for (const root of roots) {
    if (depth.has(root)) continue;
    depth.set(root, 0);
    queue.push(root);
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const next of outgoing.get(id) ?? []) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(id)! + 1);
      queue.push(next);
    }
  }
  // Nodes only reachable through a cycle with no root: put them below everything else.
  const deepest = Math.max(0, ...depth.values());
  const columnsUsed = new Map<number, number>();
  const positions: Record<string, GraphPosition> = {};
  for (const id of nodeIds) {
    const row = depth.get(id) ?? deepest + 1;
    const column = columnsUsed.get(row) ?? 0;
    columnsUsed.set(row, column + 1);
    positions[id] = { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT };
  }
  return positions;
}
