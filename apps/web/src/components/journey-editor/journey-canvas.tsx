'use client';

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, type DragEvent } from 'react';
import { addNode, canConnect, connect, removeElements } from './canvas-actions';
import { useEditorStore } from './editor-store';
import { JOURNEY_NODE, type JourneyFlowEdge, type JourneyFlowNode } from './flow-document';
import { JourneyNodeCard } from './node-card';
import { kindOf } from './node-kinds';
import { KIND_DRAG_TYPE } from './palette';

/** Defined once: React Flow re-mounts every node when nodeTypes changes identity. */
const nodeTypes = { [JOURNEY_NODE]: JourneyNodeCard } satisfies NodeTypes;

// Handlers and options defined once, outside the component: a new function or object on each render makes
// React Flow update its store and every subscriber, which at 1,000 nodes costs frames while panning.
const onConnect = (connection: Connection) => connect(connection);
const onReconnect = (old: Edge, connection: Connection) => {
  if (old.source === connection.source && (old.sourceHandle ?? null) === (connection.sourceHandle ?? null))
    connect(connection);
};
const onDelete = ({ nodes: gone, edges: cut }: { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[] }) =>
  removeElements(
    gone.map((node) => node.id),
    cut.map((edge) => edge.id),
  );
const onDragOver = (event: DragEvent) => {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'move';
};
const nodeColor = (node: JourneyFlowNode) => kindOf(node.data.kind)?.ui.color ?? '#94a3b8';
const fitViewOptions = { maxZoom: 1 };
const proOptions = { hideAttribution: true };
const deleteKeys = ['Backspace', 'Delete'];
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];

const isValidConnection: IsValidConnection<JourneyFlowEdge> = (connection) =>
  canConnect({
    source: connection.source,
    sourceHandle: connection.sourceHandle ?? null,
    target: connection.target,
  });

export function JourneyCanvas() {
  const nodes = useEditorStore((state) => state.nodes);
  const edges = useEditorStore((state) => state.edges);
  const edgeProblems = useEditorStore((state) => state.edgeProblems);
  const readOnly = useEditorStore((state) => state.readOnly);
  const onNodesChange = useEditorStore((state) => state.onNodesChange);
  const onEdgesChange = useEditorStore((state) => state.onEdgesChange);
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();

  // An edge the compiler complains about is drawn red with the message as its label.
  const drawnEdges = useMemo(
    () =>
      edges.map((edge) =>
        edgeProblems[edge.id]
          ? {
              ...edge,
              label: edgeProblems[edge.id],
              style: { stroke: 'var(--mantine-color-red-7)', strokeWidth: 2 },
            }
          : edge,
      ),
    [edges, edgeProblems],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(KIND_DRAG_TYPE);
      const kind = type ? kindOf(type) : undefined;
      if (!kind || readOnly) return;
      addNode(kind, flow.screenToFlowPosition({ x: event.clientX - 130, y: event.clientY - 30 }));
    },
    [flow, readOnly],
  );

  return (
    <ReactFlow<JourneyFlowNode, JourneyFlowEdge>
      nodes={nodes}
      edges={drawnEdges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onReconnect={onReconnect}
      onDelete={onDelete}
      isValidConnection={isValidConnection}
      onDrop={onDrop}
      onDragOver={onDragOver}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={!readOnly}
      deleteKeyCode={readOnly ? null : deleteKeys}
      multiSelectionKeyCode={multiSelectionKeys}
      minZoom={0.1}
      fitView
      fitViewOptions={fitViewOptions}
      onlyRenderVisibleElements
      aria-label="Journey canvas"
      proOptions={proOptions}
    >
      <Background />
      <Controls showInteractive={false} aria-label="Zoom controls" />
      <MiniMap<JourneyFlowNode> pannable zoomable ariaLabel="Minimap" nodeColor={nodeColor} />
    </ReactFlow>
  );
}
