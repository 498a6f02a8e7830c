import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorInfoSchema, MwError, type ErrorInfo } from '../engine/errors';
import { hostMethodNames } from '../engine/host/contract';
import type { RunEvent } from '../engine/run/events';
import { decodeBridgeError, encodeBridgeError, EVENT_CHANNEL, MENU_CHANNEL, unwrapEnvelope, type Envelope } from '../engine/host/bridge';
import type { MenuCommand } from '../engine/host/desktop-contract';
import { createPreloadApi, isTextEditing, type FocusedElement, type PreloadDeps } from './preload-api';

function fakeDeps(reply: (channel: string, args: unknown[]) => Envelope = () => ({ ok: true, result: 'r' })) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  let focused: FocusedElement | null = null;
  const deps: PreloadDeps = {
    async invoke(channel, ...args) {
      invoked.push({ channel, args });
      return reply(channel, args);
    },
    on(channel, handler) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(handler);
      subscribers.set(channel, set);
      return () => set.delete(handler);
    },
    getPathForFile: (file) => `/real/${file.name}`,
    activeElement: () => focused,
  };
  return {
    deps,
    invoked,
    emit: (channel: string, payload: unknown) => subscribers.get(channel)?.forEach((handler) => handler(payload)),
    subscriberCount: (channel: string) => subscribers.get(channel)?.size ?? 0,
    focus: (element: FocusedElement | null) => {
      focused = element;
    },
  };
}

describe('window.modelwright', () => {
  it('has exactly the HostApi methods, onEvent and the desktop extras, all functions', () => {
    const api = createPreloadApi(fakeDeps().deps);
    expect(Object.keys(api).sort()).toEqual([...hostMethodNames, 'onEvent', 'getPathForFile', 'setDocumentState', 'onMenuCommand'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes modelwright:<method> with the request, and with no argument for methods that take none', async () => {
    const fake = fakeDeps();
    const api = createPreloadApi(fake.deps);
    await api.run({ graph: { format: 'modelwright.graph', version: 1, metadata: { name: 'x' }, nodes: [], edges: [] } });
    // A page calling getInfo(event) by mistake still sends nothing.
    await (api.getInfo as (x: unknown) => Promise<unknown>)({ type: 'click' });
    expect(fake.invoked.map((call) => [call.channel, call.args.length])).toEqual([
      ['modelwright:run', 1],
      ['modelwright:getInfo', 0],
    ]);
  });

  it('rejects with an error the renderer can turn back into the coded ErrorInfo', async () => {
    const info = new MwError('MW_PROJECT_NOT_FOUND', { message: 'No project at /x.', details: { path: '/x' } }).toInfo();
    const api = createPreloadApi(fakeDeps(() => ({ ok: false, error: info })).deps);
    const thrown = await api.openProject({ path: '/x' }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message.startsWith('MW_PROJECT_NOT_FOUND: No project at /x.')).toBe(true);
    expect(decodeBridgeError(thrown)).toEqual(info);
  });

  it('passes run events on without the IPC event, and unsubscribes', () => {
    const fake = fakeDeps();
    const api = createPreloadApi(fake.deps);
    const seen: RunEvent[] = [];
    const off = api.onEvent((event) => seen.push(event));
    const event: RunEvent = { type: 'run-started', runId: 'r', time: 1, steps: [] };
    fake.emit(EVENT_CHANNEL, event);
    off();
    fake.emit(EVENT_CHANNEL, event);
    expect(seen).toEqual([event]);
    expect(fake.subscriberCount(EVENT_CHANNEL)).toBe(0);
  });

  it('resolves dropped files to their real paths', () => {
    expect(createPreloadApi(fakeDeps().deps).getPathForFile({ name: 'houses.csv', size: 10 })).toBe('/real/houses.csv');
  });

  it('sends edit commands to the canvas, or natively to the focused text field', async () => {
    const fake = fakeDeps();
    const api = createPreloadApi(fake.deps);
    const commands: MenuCommand[] = [];
    api.onMenuCommand((command) => commands.push(command));
    fake.emit(MENU_CHANNEL, { type: 'edit', action: 'undo' });
    fake.emit(MENU_CHANNEL, { type: 'save' });
    fake.focus({ tagName: 'INPUT', type: 'text' });
    fake.emit(MENU_CHANNEL, { type: 'edit', action: 'paste' });
    await Promise.resolve();
    expect(commands).toEqual([{ type: 'edit', action: 'undo' }, { type: 'save' }]);
    expect(fake.invoked).toEqual([{ channel: 'modelwright:nativeEdit', args: ['paste'] }]);
  });

  it('tells text fields from other focus targets', () => {
    expect(isTextEditing(null)).toBe(false);
    expect(isTextEditing({ tagName: 'DIV' })).toBe(false);
    expect(isTextEditing({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEditing({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEditing({ tagName: 'TEXTAREA', readOnly: true })).toBe(false);
    expect(isTextEditing({ tagName: 'INPUT', type: 'number' })).toBe(true);
    expect(isTextEditing({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEditing({ tagName: 'INPUT', type: 'text', disabled: true })).toBe(false);
    expect(isTextEditing({ tagName: 'BUTTON' })).toBe(false);
  });
});

describe('errors across contextBridge', () => {
  const errorInfo: fc.Arbitrary<ErrorInfo> = fc.record({
    code: fc.constantFrom('MW_INTERNAL', 'MW_IPC_BAD_PAYLOAD', 'MW_CSV_RAGGED_ROW', 'MW_ENGINE_CRASHED'),
    message: fc.string({ maxLength: 80 }),
    hint: fc.string({ maxLength: 80 }),
    location: fc.record({ nodeId: fc.string({ maxLength: 10 }), row: fc.integer() }, { requiredKeys: [] }),
  });

  it('round-trip through the message, even when the bridge prefixes it (property)', () => {
    fc.assert(
      fc.property(errorInfo, fc.constantFrom('', 'Error: ', 'Uncaught HostError: '), (info, prefix) => {
        const copied = new Error(prefix + encodeBridgeError(info).message);
        const decoded = decodeBridgeError(copied);
        expect(decoded).toEqual(info);
        expect(errorInfoSchema.safeParse(decoded).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decode nothing from ordinary errors', () => {
    expect(decodeBridgeError(new Error('plain'))).toBeNull();
    expect(decodeBridgeError(new Error('[modelwright-error]{bad json'))).toBeNull();
    expect(decodeBridgeError(new Error('[modelwright-error]{"code":"X"}'))).toBeNull();
    expect(decodeBridgeError(42)).toBeNull();
  });

  it('unwrap replies: results pass, errors throw, anything else is an internal error', () => {
    expect(unwrapEnvelope({ ok: true, result: 5 })).toBe(5);
    const info = new MwError('MW_RUN_BUSY').toInfo();
    expect(() => unwrapEnvelope({ ok: false, error: info })).toThrow(/MW_RUN_BUSY/);
    expect(() => unwrapEnvelope('weird')).toThrow(/MW_INTERNAL/);
  });
});
