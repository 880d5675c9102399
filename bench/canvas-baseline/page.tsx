/**
 * The canvas bench's baseline: a plain React Flow page of the kind React Flow's stress example draws
 * (written for this bench, not copied): 450 default nodes in a 25 × 18 grid, each joined to the node below
 * and every third one to its right-hand neighbour, with the background, controls and minimap the journey
 * canvas also draws, state kept the way React Flow's docs show (useNodesState / useEdgesState).
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useEdgesState,
  useNodesState,
  type Edge,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createRoot } from 'react-dom/client';

const COLUMNS = 25;
const ROWS = 18;

function grid(): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const id = `n-${row}-${column}`;
      nodes.push({
        id,
        position: { x: column * 200, y: row * 120 },
        data: { label: `Node ${row}.${column}` },
      });
      if (row > 0) edges.push({ id: `v-${id}`, source: `n-${row - 1}-${column}`, target: id });
      if (column > 0 && column % 3 === 0)
        edges.push({ id: `h-${id}`, source: `n-${row}-${column - 1}`, target: id });
    }
  }
  return { nodes, edges };
}

const initial = grid();

function Baseline() {
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  return (
    <div style={{ width: '100vw', height: '100vh' }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        minZoom={0.1}
        fitView
      >
        <Background />
        <Controls />
        <MiniMap />
      </ReactFlow>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Baseline />);
