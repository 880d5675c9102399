import type { JourneyDefinition } from './definition';
import type { JourneyGraph, JourneyGraphEdge, JourneyGraphNode, JourneyLayout } from './graph';
import { layeredLayout } from './layout';

/** The id decompile gives the edge leaving `source` by `output` (each output is wired at most once). */
export function edgeIdFor(source: string, output: string): string {
  return `${source}.${output}`;
}

/**
 * JourneyDefinition → canvas graph: what the editor opens for a published version, and the inverse of
 * compileJourney (compiling the result gives the same definition). Positions and labels come from `layout`
 * where known, else from a layered layout.
 */
export function decompileJourney(definition: JourneyDefinition, layout: JourneyLayout = {}): JourneyGraph {
  const nodes = Object.values(definition.nodes);
  const edges: JourneyGraphEdge[] = nodes.flatMap((node) =>
    Object.entries(node.next)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([output, target]) => ({
        id: edgeIdFor(node.id, output),
        source: node.id,
        sourceHandle: output,
        target,
      })),
  );
  const needsLayout = nodes.some((node) => layout[node.id]?.position === undefined);
  const computed = needsLayout
    ? layeredLayout(
        nodes.map((node) => node.id),
        edges,
        definition.triggerNodeIds,
      )
    : {};
  const graphNodes: JourneyGraphNode[] = nodes.map((node) => {
    const label = layout[node.id]?.label;
    return {
      id: node.id,
      type: node.kind,
      position: layout[node.id]?.position ?? computed[node.id] ?? { x: 0, y: 0 },
      data: { config: node.config, kindVersion: node.kindVersion, ...(label !== undefined ? { label } : {}) },
    };
  });
  return { nodes: graphNodes, edges, settings: definition.settings };
}
