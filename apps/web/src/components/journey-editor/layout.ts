import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';

/**
 * Auto-layout of a journey, pure: nodes with the sizes React Flow measured, edges by output, in; the
 * top-left corner of each node out. elkjs's layered algorithm, top to bottom (a card takes customers in at
 * its top and lets them out through the handles along its bottom), each node's outputs as ports in the
 * order the card draws them, so the branches fan out without crossing.
 *
 * The same function runs in the layout worker (layout.worker.ts), on the main thread when the worker
 * fails, and in Node (unit test, bench).
 */
export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Output names in the order the card draws its handles, left to right. */
  outputs: string[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  output: string | null;
  target: string;
}

export interface LayoutRequest {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export type LayoutPositions = Record<string, { x: number; y: number }>;

/** Gaps in flow units: wide enough for an edge label between two cards, and for the outputs' captions. */
export const LAYOUT_SPACING = { betweenNodes: 48, betweenLayers: 80 } as const;

/** Past this many nodes auto-layout trades a few edge crossings for time. */
export const LARGE_JOURNEY_NODES = 150;

// Built when the module loads: inside the worker that is while elk-in-worker.ts's placeholder is in place.
const elk = new ELK();

export async function layoutJourney({ nodes, edges }: LayoutRequest): Promise<LayoutPositions> {
  const outputsById = new Map(nodes.map((node) => [node.id, new Set(node.outputs)]));
  const graph: ElkNode = {
    id: 'journey',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(LAYOUT_SPACING.betweenNodes),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYOUT_SPACING.betweenLayers),
      'elk.spacing.edgeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Crossing minimisation is most of the time on a big graph; past a few hundred nodes one sweep
      // instead of the default 7 keeps 500 nodes within budget (docs/benchmarks.md), while a journey
      // of human size gets the full effort.
      ...(nodes.length > LARGE_JOURNEY_NODES ? { 'elk.layered.thoroughness': '1' } : {}),
    },
    children: nodes.map((node) => ({
      id: node.id,
      width: node.width,
      height: node.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: node.outputs.map((output, index) => ({
        id: portId(node.id, output),
        width: 1,
        height: 1,
        // ELK counts port indices clockwise, so along the bottom side they run right to left.
        layoutOptions: {
          'elk.port.side': 'SOUTH',
          'elk.port.index': String(node.outputs.length - 1 - index),
        },
      })),
    })),
    edges: edges
      .filter((edge) => outputsById.has(edge.source) && outputsById.has(edge.target))
      .map((edge) => ({
        id: edge.id,
        sources: [
          edge.output && outputsById.get(edge.source)!.has(edge.output)
            ? portId(edge.source, edge.output)
            : edge.source,
        ],
        targets: [edge.target],
      })),
  };
  const laidOut = await elk.layout(graph);
  return Object.fromEntries(
    (laidOut.children ?? []).map((child) => [
      child.id,
      { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) },
    ]),
  );
}

function portId(nodeId: string, output: string): string {
  return `${nodeId}::${output}`;
}
