import type { JourneyDocument, JourneyDocumentEdge, JourneyDocumentNode } from '@nudgeflow/journey';
import type { Edge, Node } from '@xyflow/react';

/**
 * The journey document ⇄ React Flow, both ways and pure. The document stays the only model: React Flow's
 * nodes and edges are derived from it for drawing, and what React Flow reports back (a move, a new
 * connection) becomes an edit of the document. Decorations (errors, counts) are read from the store by
 * node id, never copied into node data, so the data is exactly the document's node.
 */

export const JOURNEY_NODE = 'journey';

export interface JourneyNodeData extends Record<string, unknown> {
  kind: string;
  config: unknown;
  label?: string;
  version?: number;
}

export type JourneyFlowNode = Node<JourneyNodeData, typeof JOURNEY_NODE>;
export type JourneyFlowEdge = Edge;

export function toFlowNode(node: JourneyDocumentNode): JourneyFlowNode {
  return {
    id: node.id,
    type: JOURNEY_NODE,
    position: node.position ?? { x: 0, y: 0 },
    data: {
      kind: node.type,
      config: node.config,
      ...(node.label !== undefined ? { label: node.label } : {}),
      ...(node.version !== undefined ? { version: node.version } : {}),
    },
  };
}

export function toFlowEdge(edge: JourneyDocumentEdge, index: number): JourneyFlowEdge {
  return {
    id: edge.id ?? `${edge.source}.${edge.output ?? 'out'}.${index}`,
    source: edge.source,
    sourceHandle: edge.output ?? null,
    target: edge.target,
  };
}

export function documentToFlow(document: Pick<JourneyDocument, 'nodes' | 'edges'>): {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
} {
  return { nodes: document.nodes.map(toFlowNode), edges: document.edges.map(toFlowEdge) };
}

export function fromFlowNode(node: JourneyFlowNode): JourneyDocumentNode {
  return {
    id: node.id,
    type: node.data.kind,
    ...(node.data.version !== undefined ? { version: node.data.version } : {}),
    ...(node.data.label !== undefined ? { label: node.data.label } : {}),
    position: { x: node.position.x, y: node.position.y },
    config: node.data.config,
  };
}

export function fromFlowEdge(edge: JourneyFlowEdge): JourneyDocumentEdge {
  return {
    id: edge.id,
    source: edge.source,
    ...(edge.sourceHandle ? { output: edge.sourceHandle } : {}),
    target: edge.target,
  };
}

/** The nodes and edges of a document from React Flow's: the inverse of `documentToFlow`. */
export function flowToDocument(
  nodes: readonly JourneyFlowNode[],
  edges: readonly JourneyFlowEdge[],
): Pick<JourneyDocument, 'nodes' | 'edges'> {
  return { nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}
