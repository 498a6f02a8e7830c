/**
 * The canvas: React Flow over the store's nodes and edges. Node types are defined once at module scope;
 * selectors are module-scope functions; connection checks read the store without subscribing.
 */
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type FinalConnectionState, type IsValidConnection, type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, type DragEvent } from 'react';
import { portColors } from '../../../engine/nodes/ports';
import { specForKind } from '../../../engine/nodes/specs';
import { checkConnection } from '../graph/connection';
import type { FlowEdge, FlowNode } from '../graph/types';
import { importDroppedFiles } from '../services/import';
import { fitViewSoon, registerViewport } from '../services/viewport';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { NodeFace } from './NodeFace';
import { PALETTE_MIME } from '../palette/drag';
import { EmptyCanvasHint } from './EmptyCanvasHint';
import { benchView } from './bench-default-nodes';

const nodeTypes: NodeTypes = { mw: NodeFace };
const SNAP: [number, number] = [16, 16];
const selectNodes = (s: AppState) => s.graph.nodes as FlowNode[];
const selectEdges = (s: AppState) => s.graph.edges as FlowEdge[];
const selectOnNodesChange = (s: AppState) => s.graph.onNodesChange;
const selectOnEdgesChange = (s: AppState) => s.graph.onEdgesChange;
const selectIsEmpty = (s: AppState) => s.graph.nodes.length === 0;
const proOptions = { hideAttribution: true };
const minimapStyle = { width: 168, height: 112 };
// No `fitView` prop: it would also fire when the first node lands on an empty canvas and move the view
// under the user's pointer. Opening a project fits the view explicitly (services/projects.ts).
const defaultViewport = { x: 40, y: 40, zoom: 1 };
const defaultEdgeOptions = { interactionWidth: 16 };

function minimapColor(node: FlowNode): string {
  const spec = specForKind(node.data.kind);
  return spec?.outputs[0] === undefined ? '#98A2B3' : portColors[spec.outputs[0].type];
}

const isValidConnection: IsValidConnection<FlowEdge> = (edge) => {
  const { nodes, edges } = useStore.getState().graph;
  return checkConnection(edge, (id) => nodes.find((n) => n.id === id), edges).ok;
};

function onConnect(connection: Connection): void {
  const result = useStore.getState().graph.connect(connection);
  if (!result.ok) useStore.getState().ui.toast('error', result.reason);
}

/** A refused edge says why: the handle under the pointer was not a valid target. */
function onConnectEnd(_event: MouseEvent | TouchEvent, state: FinalConnectionState): void {
  if (state.isValid !== false || state.fromHandle === null || state.toHandle === null) return;
  const [from, to] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
  const { nodes, edges } = useStore.getState().graph;
  const check = checkConnection(
    { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null },
    (id) => nodes.find((n) => n.id === id),
    edges,
  );
  const reason = check.ok ? 'Connect an output (right side) to an input (left side).' : check.reason;
  useStore.getState().ui.toast('error', `Edge refused: ${reason}`);
}

export function Canvas() {
  const nodes = useStore(selectNodes);
  const edges = useStore(selectEdges);
  const onNodesChange = useStore(selectOnNodesChange);
  const onEdgesChange = useStore(selectOnEdgesChange);
  const empty = useStore(selectIsEmpty);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  // Bench only: `?bench=default-nodes` draws React Flow's default nodes instead (bench-default-nodes.ts).
  const shown = benchView(nodes, edges);

  useEffect(() => {
    registerViewport({
      // React Flow queues a fit requested on an empty canvas and runs it when the first node appears,
      // which would move the view under the user's pointer: fit only when there is something to fit.
      fitView: () => {
        if (useStore.getState().graph.nodes.length > 0) void flow.fitView({ padding: 0.2, duration: 200, maxZoom: 1 });
      },
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      screenToFlow: (p) => flow.screenToFlowPosition(p),
      center: () => {
        const el = document.querySelector('[data-testid="canvas"]');
        const r = el?.getBoundingClientRect();
        return r === undefined ? { x: 0, y: 0 } : flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      },
    });
    // A project opens with the canvas: show all of its graph (nodes carry their initial size until measured).
    if (useStore.getState().graph.nodes.length > 0) fitViewSoon();
    return () => registerViewport(null);
  }, [flow]);

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(PALETTE_MIME) || types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = types.includes('Files') ? 'copy' : 'move';
    }
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const kind = event.dataTransfer.getData(PALETTE_MIME);
    if (kind !== '') {
      useStore.getState().graph.addNode(kind, { x: at.x - 110, y: at.y - 30 });
      return;
    }
    const files = [...event.dataTransfer.files];
    if (files.length > 0) void importDroppedFiles(files, { x: at.x - 110, y: at.y - 30 });
  }, [flow]);

  return (
    <div className="mw-canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        defaultEdgeOptions={defaultEdgeOptions}
        snapToGrid
        snapGrid={SNAP}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        minZoom={0.1}
        maxZoom={2}
        defaultViewport={defaultViewport}
        proOptions={proOptions}
        onlyRenderVisibleElements
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#D0D5DD" />
        <MiniMap pannable zoomable style={minimapStyle} nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(240, 242, 245, 0.7)" />
        <Controls showInteractive={false} />
      </ReactFlow>
      {empty && <EmptyCanvasHint />}
    </div>
  );
}
