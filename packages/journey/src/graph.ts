import { z } from 'zod';
import { JourneySettings } from './definition';

/**
 * The canvas graph: what the builder edits and what Journey.draft and JourneyVersion.graph store. React
 * Flow's node and edge shape, reduced to what means something (selection, measured sizes … are dropped).
 */

/** Node ids appear in step logs and idempotency keys (`workflowId:nodeId:visit`), so no colons or spaces. */
export const NodeId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Node ids use letters, digits, - and _ (at most 64)');

export const GraphPosition = z.object({ x: z.number().finite(), y: z.number().finite() });
export type GraphPosition = z.infer<typeof GraphPosition>;

export const JourneyGraphNode = z.object({
  id: NodeId,
  /** The node kind's type (`wait.events`). */
  type: z.string().min(1).max(200),
  position: GraphPosition,
  data: z.object({
    /** Validated by the kind's schema at compile time, not here: drafts may be incomplete. */
    config: z.unknown(),
    label: z.string().max(200).optional(),
    /** Kind version the node was drawn with; absent means the latest registered. */
    kindVersion: z.number().int().positive().optional(),
  }),
});
export type JourneyGraphNode = z.infer<typeof JourneyGraphNode>;

export const JourneyGraphEdge = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  /** Output name of the source node (`timeout`, `branch:vip`); may be omitted when it has one output. */
  sourceHandle: z.string().min(1).nullish(),
  target: z.string().min(1),
});
export type JourneyGraphEdge = z.infer<typeof JourneyGraphEdge>;

export const MAX_GRAPH_NODES = 5000;

export const JourneyGraph = z.object({
  nodes: z.array(JourneyGraphNode).max(MAX_GRAPH_NODES),
  edges: z.array(JourneyGraphEdge).max(MAX_GRAPH_NODES * 4),
  settings: JourneySettings.prefault({}),
});
export type JourneyGraph = z.infer<typeof JourneyGraph>;
export type JourneyGraphInput = z.input<typeof JourneyGraph>;

/** Positions and labels by node id: what decompile needs to give a definition back its drawing. */
export type JourneyLayout = Record<string, { position?: GraphPosition; label?: string }>;

export function graphLayout(graph: Pick<JourneyGraph, 'nodes'>): JourneyLayout {
  return Object.fromEntries(
    graph.nodes.map((node) => [
      node.id,
      { position: node.position, ...(node.data.label !== undefined ? { label: node.data.label } : {}) },
    ]),
  );
}
