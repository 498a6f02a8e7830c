import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectRef } from '../../../engine/host/contract';
import { useStore } from '../store';
import { handleKeyDown, isTyping as isTypingTarget } from './keyboard';

/** Just enough of a DOM element for `isTyping` (these tests run without a DOM). */
class FakeElement {
  isContentEditable = false;
  constructor(readonly tagName: string, readonly type = 'text') {}
}
vi.stubGlobal('HTMLElement', FakeElement);

function press(key: string, options: { ctrl?: boolean; shift?: boolean; target?: FakeElement; defaultPrevented?: boolean } = {}) {
  const event = {
    key,
    ctrlKey: options.ctrl ?? false,
    metaKey: false,
    shiftKey: options.shift ?? false,
    target: options.target ?? null,
    defaultPrevented: options.defaultPrevented ?? false,
    preventDefault: vi.fn(),
  };
  handleKeyDown(event as unknown as KeyboardEvent);
  return event.preventDefault;
}

const project: ProjectRef = { path: '/w/Houses', name: 'Houses', hasAutosave: false };
const nodeCount = () => useStore.getState().graph.nodes.length;

describe('keyboard shortcuts and the desktop menu', () => {
  beforeEach(() => {
    const { graph, project: p } = useStore.getState();
    p.opened(project, graph.load({ format: 'modelwright.graph', version: 1, metadata: { name: 'Houses' }, nodes: [], edges: [] }), null);
    useStore.getState().graph.addNode('split', { x: 0, y: 0 });
  });

  it('a handled shortcut is preventDefault-ed, so the menu accelerator does not run it again', () => {
    const prevented = press('z', { ctrl: true });
    expect(nodeCount()).toBe(0);
    expect(prevented).toHaveBeenCalledTimes(1);
  });

  it('shortcuts left to a text field are not prevented (the field and the menu handle them)', () => {
    const prevented = press('z', { ctrl: true, target: new FakeElement('INPUT') });
    expect(nodeCount()).toBe(1);
    expect(prevented).not.toHaveBeenCalled();
  });

  it('a press another handler already took is left alone; other keys are not prevented', () => {
    press('z', { ctrl: true, defaultPrevented: true });
    expect(nodeCount()).toBe(1);
    expect(press('q', { ctrl: true })).not.toHaveBeenCalled();
  });

  it('a focused checkbox is not typing: Ctrl+Z, Delete and Esc still work after clicking one', () => {
    const checkbox = new FakeElement('INPUT', 'checkbox');
    useStore.getState().graph.selectAll();
    press('Escape', { target: checkbox });
    expect(useStore.getState().graph.nodes.filter((n) => n.selected === true)).toEqual([]);
    useStore.getState().graph.selectAll();
    press('Delete', { target: checkbox });
    expect(nodeCount()).toBe(0);
    const prevented = press('z', { ctrl: true, target: checkbox });
    expect(nodeCount()).toBe(1);
    expect(prevented).toHaveBeenCalledTimes(1);
  });
});

describe('isTyping', () => {
  const isTyping = (el: FakeElement | null) => isTypingTarget(el as unknown as EventTarget | null);
  it('counts text entry and selects, not checkboxes, radios, sliders or buttons', () => {
    for (const type of ['text', 'search', 'number', 'password', 'email', 'date']) expect(isTyping(new FakeElement('INPUT', type)), type).toBe(true);
    for (const type of ['checkbox', 'radio', 'range', 'button', 'submit', 'color', 'file']) expect(isTyping(new FakeElement('INPUT', type)), type).toBe(false);
    expect(isTyping(new FakeElement('TEXTAREA'))).toBe(true);
    expect(isTyping(new FakeElement('SELECT'))).toBe(true);
    expect(isTyping(new FakeElement('BUTTON'))).toBe(false);
    const editable = new FakeElement('DIV');
    editable.isContentEditable = true;
    expect(isTyping(editable)).toBe(true);
    expect(isTyping(null)).toBe(false);
  });
});
