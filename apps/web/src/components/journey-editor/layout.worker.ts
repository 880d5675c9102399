import ELK from 'elkjs/lib/elk.bundled.js';

/**
 * Auto-layout off the main thread: elkjs's layered algorithm, top to bottom, edges leaving each node from
 * the port of its output in order, so branches fan out the way the node card draws its handles.
 */
export interface LayoutRequest {
  nodes: { id: string; width: number; height: number; outputs: string[] }[];
  edges: { id: string; source: string; output: string | null; target: string }[];
}

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { nodes, edges } = event.data;
  const graph = await elk.layout({
    id: 'journey',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.portConstraints': 'FIXED_ORDER',
    },
    children: nodes.map((node) => ({
      id: node.id,
      width: node.width,
      height: node.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: node.outputs.map((output, index) => ({
        id: `${node.id}::${output}`,
        layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(index) },
      })),
    })),
    edges: edges.map((edge) => ({
      id: edge.id,
      sources: [
        edge.output && nodes.find((node) => node.id === edge.source)?.outputs.includes(edge.output)
          ? `${edge.source}::${edge.output}`
          : edge.source,
      ],
      targets: [edge.target],
    })),
  });
  const positions = Object.fromEntries(
    (graph.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]),
  );
  self.postMessage(positions);
};
