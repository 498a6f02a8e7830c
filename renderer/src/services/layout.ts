/**
 * Auto-layout with ELK's layered algorithm (left to right, ports in order). elkjs is loaded on first use
 * so it does not slow the app's start; the result is applied as one undoable command.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { specForKind } from '../../../engine/nodes/specs';
import { NODE_SIZE, type FlowEdge, type FlowNode, type XY } from '../graph/types';
import { useStore } from '../store';
import { fitViewSoon } from './viewport';


/** The ELK graph for the canvas (pure, exported for tests). */
export function elkGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): ElkNode {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '40',
      'elk.spacing.componentComponent': '60',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.portConstraints': 'FIXED_ORDER',
    },
    children: nodes.map((n) => {
      const spec = specForKind(n.data.kind);
      return {
        id: n.id,
        width: n.measured?.width ?? NODE_SIZE.width,
        height: n.measured?.height ?? NODE_SIZE.height,
        ports: [
          ...(spec?.inputs ?? []).map((p, i) => ({ id: `${n.id}::in::${p.name}`, layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(i) } })),
          ...(spec?.outputs ?? []).map((p, i) => ({ id: `${n.id}::out::${p.name}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } })),
        ],
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      };
    }),
    edges: edges.map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle ?? ''}`], targets: [`${e.target}::in::${e.targetHandle ?? ''}`] })),
  };
}

export async function layoutPositions(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Promise<Record<string, XY>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const result = await elk.layout(elkGraph(nodes, edges));
  const positions: Record<string, XY> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return positions;
}

/** Lays out the whole canvas as one undoable move. */
export async function autoLayout(): Promise<void> {
  const { nodes, edges } = useStore.getState().graph;
  if (nodes.length === 0) return;
  const positions = await layoutPositions(nodes, edges);
  useStore.getState().graph.setPositions(positions);
  fitViewSoon();
}

/**
 * After a template was inserted, the new chain is placed by the template itself; just bring it into
 * view (a full auto-layout would move the user's other nodes).
 */
export function autoLayoutAround(): void {
  fitViewSoon();
}
