/**
 * The palette: node kinds by category, from the spec registry. Type to filter; Enter adds the
 * highlighted kind at the centre of the canvas; arrows move the highlight; drag an item onto the canvas.
 */
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { nodeSpecs } from '../../../engine/nodes/specs';
import type { NodeSpec } from '../../../engine/nodes/spec';
import { freeSpot } from '../graph/placement';
import { viewport } from '../services/viewport';
import { useStore } from '../store';
import { categoryColors } from '../ui/category';
import { PALETTE_MIME } from './drag';
import { filterSpecs, groupSpecs } from './filter';

const allSpecs: readonly NodeSpec[] = nodeSpecs;

/** Adds a node near the centre of the view, on a free spot. */
export function addAtCenter(kind: string): void {
  const c = viewport()?.center() ?? { x: 0, y: 0 };
  const { graph } = useStore.getState();
  graph.addNode(kind, freeSpot(graph.nodes, { x: c.x - 104, y: c.y - 55 }));
}

function onDragStart(event: DragEvent, kind: string): void {
  event.dataTransfer.setData(PALETTE_MIME, kind);
  event.dataTransfer.effectAllowed = 'move';
}

export function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => filterSpecs(allSpecs, query), [query]);
  const groups = useMemo(() => (query.trim() === '' ? groupSpecs(matches) : [{ category: null, specs: matches }]), [matches, query]);
  const highlighted = matches[Math.min(active, matches.length - 1)];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter' && highlighted !== undefined) {
      event.preventDefault();
      addAtCenter(highlighted.kind);
      setQuery('');
      setActive(0);
    } else if (event.key === 'Escape') {
      setQuery('');
      input.current?.blur();
    }
  };

  return (
    <aside className="mw-palette" data-testid="palette">
      <div className="mw-panel-title">Nodes</div>
      <input
        ref={input}
        className="mw-input mw-palette-search"
        data-testid="palette-search"
        placeholder="Search nodes…  (/)"
        value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={onKeyDown}
        aria-label="Search nodes"
      />
      <div className="mw-palette-list">
        {matches.length === 0 && <div className="mw-muted mw-pad">No node matches "{query}".</div>}
        {groups.map((group) => (
          <div key={group.category ?? 'results'} className="mw-palette-group">
            {group.category !== null && <div className="mw-palette-category">{group.category}</div>}
            {group.specs.map((spec) => (
              <div
                key={spec.kind}
                className={`mw-palette-item${query !== '' && spec === highlighted ? ' mw-active' : ''}`}
                data-testid={`palette-item-${spec.kind}`}
                draggable
                onDragStart={(e) => onDragStart(e, spec.kind)}
                onDoubleClick={() => addAtCenter(spec.kind)}
                title={spec.docs}
                style={{ ['--mw-accent' as string]: categoryColors[spec.category] }}
              >
                <span className="mw-palette-icon" aria-hidden="true">{spec.icon}</span>
                <span className="mw-palette-text">
                  <span className="mw-palette-name">{spec.title}</span>
                  <span className="mw-palette-ports">
                    {spec.inputs.map((p) => p.type).join(', ') || 'source'} → {spec.outputs.map((p) => p.type).join(', ') || 'sink'}
                  </span>
                </span>
                <button className="mw-icon-btn mw-palette-add" aria-label={`Add ${spec.title}`} data-testid={`palette-add-${spec.kind}`} onClick={() => addAtCenter(spec.kind)}>+</button>
              </div>
            ))}
          </div>
        ))}
      </div>
    </aside>
  );
}
