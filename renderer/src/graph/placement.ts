/** Where to put a node added without a pointer position: near the wanted spot, not on top of another node. Pure. */
import { NODE_SIZE, type FlowNode, type XY } from './types';

const GAP = 24;

function overlaps(a: XY, node: FlowNode): boolean {
  const w = node.measured?.width ?? NODE_SIZE.width;
  const h = node.measured?.height ?? NODE_SIZE.height;
  return a.x < node.position.x + w + GAP && a.x + NODE_SIZE.width + GAP > node.position.x && a.y < node.position.y + h + GAP && a.y + NODE_SIZE.height + GAP > node.position.y;
}

/** Tries the spot, then steps down, then to the next column to the right. */
export function freeSpot(nodes: readonly FlowNode[], wanted: XY): XY {
  for (let col = 0; col < 8; col++) {
    for (let row = 0; row < 6; row++) {
      const spot = { x: wanted.x + col * (NODE_SIZE.width + 2 * GAP), y: wanted.y + row * (NODE_SIZE.height + GAP) };
      if (!nodes.some((n) => overlaps(spot, n))) return spot;
    }
  }
  return wanted;
}
