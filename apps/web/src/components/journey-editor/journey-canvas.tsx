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
      onConnect={(connection: Connection) => connect(connection)}
      onReconnect={(old: Edge, connection: Connection) => {
        if (
          old.source === connection.source &&
          (old.sourceHandle ?? null) === (connection.sourceHandle ?? null)
        )
          connect(connection);
      }}
      onDelete={({ nodes: gone, edges: cut }) =>
        removeElements(
          gone.map((node) => node.id),
          cut.map((edge) => edge.id),
        )
      }
      isValidConnection={isValidConnection}
      onDrop={onDrop}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={!readOnly}
      deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      minZoom={0.1}
      fitView
      fitViewOptions={{ maxZoom: 1 }}
      aria-label="Journey canvas"
      proOptions={{ hideAttribution: true }}
    >
      <Background />
      <Controls showInteractive={false} aria-label="Zoom controls" />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap"
        nodeColor={(node) => kindOf((node as JourneyFlowNode).data.kind)?.ui.color ?? '#94a3b8'}
      />
    </ReactFlow>
  );
}
