import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../engine/host/desktop-contract';
import { closeChoice, windowTitle } from './document';
import { aboutDetail, buildMenuTemplate, type MenuInput } from './menu';

function menu(overrides: Partial<MenuInput> = {}) {
  const sent: MenuCommand[] = [];
  const calls: string[] = [];
  const template = buildMenuTemplate({
    platform: 'linux',
    appName: 'Modelwright',
    isDev: false,
    recent: [{ name: 'Houses', path: '/home/u/Modelwright/Houses' }],
    send: (command) => sent.push(command),
    showAbout: () => calls.push('about'),
    openDocs: () => calls.push('docs'),
    ...overrides,
  });
  return { template, sent, calls };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const top = template.find((item) => item.label?.replace('&', '') === label);
  if (top === undefined || !Array.isArray(top.submenu)) throw new Error(`No ${label} menu`);
  return top.submenu;
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((entry) => entry.label === label);
  if (found === undefined) throw new Error(`No item ${label}`);
  return found;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('application menu', () => {
  it('File sends the project commands to the window, Open Recent lists recent projects', () => {
    const { template, sent } = menu();
    const file = submenu(template, 'File');
    for (const label of ['New Project…', 'Open…', 'Save', 'Save As…']) click(item(file, label));
    const recent = item(file, 'Open Recent').submenu as MenuItemConstructorOptions[];
    click(item(recent, 'Houses'));
    expect(sent).toEqual([{ type: 'new-project' }, { type: 'open-project' }, { type: 'save' }, { type: 'save-as' }, { type: 'open-recent', path: '/home/u/Modelwright/Houses' }]);
    expect(file.some((entry) => entry.role === 'quit')).toBe(true);
  });

  it('Export Report opens the report preview in the window', () => {
    const { template, sent } = menu();
    const exportItem = item(submenu(template, 'File'), 'Export Report…');
    expect(exportItem.enabled).not.toBe(false);
    click(exportItem);
    expect(sent).toEqual([{ type: 'export-report' }]);
  });

  it('Edit routes undo, redo, cut, copy and paste to the canvas; accelerators register only on macOS', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { template, sent } = menu({ platform });
      const edit = submenu(template, 'Edit');
      for (const label of ['Undo', 'Redo', 'Cut', 'Copy', 'Paste']) {
        const entry = item(edit, label);
        expect(entry.registerAccelerator).toBe(platform === 'darwin');
        click(entry);
      }
      expect(sent).toEqual(['undo', 'redo', 'cut', 'copy', 'paste'].map((action) => ({ type: 'edit', action })));
    }
  });

  it('offers the dev tools only in development', () => {
    const roles = (isDev: boolean) => submenu(menu({ isDev }).template, 'View').map((entry) => entry.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']));
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('Help opens the docs and the About box, which names the backend in use', () => {
    const { template, calls } = menu();
    const help = submenu(template, 'Help');
    click(item(help, 'Modelwright Documentation'));
    click(item(help, 'About Modelwright'));
    expect(calls).toEqual(['docs', 'about']);
    const detail = aboutDetail({ version: '0.1.0', backend: 'tensorflow', electron: '45.5.0', chrome: '142', node: '22', workspace: '/w' });
    expect(detail).toContain('Engine backend: tensorflow');
    expect(aboutDetail({ version: '0.1.0', backend: null, electron: '45', chrome: '1', node: '22', workspace: '/w' })).toMatch(/not loaded yet/);
  });

  it('puts About in the app menu on macOS', () => {
    const { template } = menu({ platform: 'darwin' });
    expect(template[0]?.label).toBe('Modelwright');
    expect(submenu(template, 'Help').map((entry) => entry.label)).not.toContain('About Modelwright');
  });
});

describe('window title and close prompt', () => {
  it('shows the project and an unsaved marker', () => {
    expect(windowTitle({ projectName: null, dirty: false })).toBe('Modelwright');
    expect(windowTitle({ projectName: 'Houses', dirty: false })).toBe('Houses — Modelwright');
    expect(windowTitle({ projectName: 'Houses', dirty: true })).toBe('• Houses — Modelwright');
  });

  it('maps the prompt buttons to save, discard and cancel', () => {
    expect([0, 1, 2, 3].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel']);
  });
});
