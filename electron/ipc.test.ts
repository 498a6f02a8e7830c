/**
 * The IPC gate, with a fake ipcMain and fake invoke events: a forged sender or a malformed payload is
 * refused with a coded error and the handler is never reached (fast-check, 1,000+ runs each).
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorInfoSchema, type ErrorInfo } from '../engine/errors';
import { emptyGraph } from '../engine/graph/schema';
import { hostMethodNames, hostMethods, type HostCalls, type HostMethod } from '../engine/host/contract';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from './app-origin';
import { channelFor, desktopMethodNames, hostMethodArity, type DesktopMethod, type Envelope } from '../engine/host/bridge';
import { desktopMethods } from '../engine/host/desktop-contract';
import { registerIpc, type DesktopHandlers, type InvokeEventLike, type IpcRegistry } from './ipc';

type Method = HostMethod | DesktopMethod;
const allMethods: readonly Method[] = [...hostMethodNames, ...desktopMethodNames];

interface FakeEvent extends InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

class FakeIpc implements IpcRegistry<FakeEvent> {
  readonly handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => Promise<Envelope>>();
  handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => Promise<Envelope>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(method: string, event: FakeEvent, ...args: unknown[]): Promise<Envelope> {
    const handler = this.handlers.get(channelFor(method));
    if (handler === undefined) throw new Error(`No handler for ${method}`);
    return handler(event, ...args);
  }
}

const appEvent: FakeEvent = { senderFrame: { url: APP_ENTRY_URL, parent: null } };
const eventFrom = (url: string, parent: unknown = null): FakeEvent => ({ senderFrame: { url, parent } });

const graph = emptyGraph('Test');
/** One well-formed request per method. */
const validRequests: Record<Method, unknown> = {
  getInfo: undefined,
  run: { graph, upTo: 'n1' },
  cancel: { runId: 'r1' },
  inspectFile: { path: '/data/houses.csv' },
  beginImport: { projectPath: '/p', fileName: 'houses.csv', size: 10 },
  importChunk: { importId: 'i1', offset: 0, data: new Uint8Array([1, 2, 3]) },
  finishImport: { importId: 'i1' },
  abortImport: { importId: 'i1' },
  importPath: { projectPath: '/p', path: '/data/houses.csv', copy: false },
  newProject: { name: 'Houses' },
  openProject: { path: '/p' },
  saveProject: { projectPath: '/p', graph },
  saveProjectAs: { graph, name: 'Copy' },
  listRecentProjects: undefined,
  listProjects: undefined,
  autosave: { projectPath: '/p', graph },
  checkRecovery: { projectPath: '/p' },
  restoreAutosave: { projectPath: '/p' },
  discardAutosave: { projectPath: '/p' },
  listExamples: undefined,
  openExample: { id: 'iris' },
  ask: { graph, text: 'average price by city' },
  listQueries: { projectPath: '/p' },
  pinQuery: { projectPath: '/p', id: 'q1', pinned: true },
  runStoreState: { projectPath: '/p' },
  listRuns: { projectPath: '/p', query: { status: ['succeeded'] } },
  getRun: { projectPath: '/p', runId: 'r1' },
  compareRuns: { projectPath: '/p', runIds: ['r1', 'r2'] },
  setRunNotes: { projectPath: '/p', runId: 'r1', notes: 'best so far' },
  setRunTags: { projectPath: '/p', runId: 'r1', tags: ['baseline'] },
  restoreGraph: { projectPath: '/p', runId: 'r1' },
  promoteRun: { projectPath: '/p', runId: 'r1' },
  getChampion: { projectPath: '/p' },
  exportRunMlflow: { projectPath: '/p', runId: 'r1' },
  previewReport: { graph, projectPath: '/p' },
  exportReport: { graph, projectPath: '/p', format: 'pdf' },
  setDocumentState: { projectName: 'Houses', projectPath: '/p', dirty: true },
  nativeEdit: 'copy',
};

function requestSchema(method: Method) {
  return (method in hostMethods ? hostMethods[method as HostMethod] : desktopMethods[method as DesktopMethod]).request;
}

/** A host and desktop implementation that only counts the calls that reach it. */
function countingHandlers() {
  const reached: { method: string; request: unknown }[] = [];
  const record = (method: string) => async (request?: unknown) => {
    reached.push({ method, request });
    return undefined;
  };
  const api = Object.fromEntries(hostMethodNames.map((method) => [method, record(method)])) as unknown as HostCalls;
  const desktop: DesktopHandlers<FakeEvent> = {
    setDocumentState: async (state) => void reached.push({ method: 'setDocumentState', request: state }),
    nativeEdit: async (action) => void reached.push({ method: 'nativeEdit', request: action }),
  };
  return { api, desktop, reached };
}

let ipc: FakeIpc;
let reached: { method: string; request: unknown }[];
let refusedLog: string[];

beforeEach(() => {
  ipc = new FakeIpc();
  const handlers = countingHandlers();
  reached = handlers.reached;
  refusedLog = [];
  registerIpc(ipc, handlers.api, handlers.desktop, { onRefused: (channel) => refusedLog.push(channel) });
});

function expectRefused(envelope: Envelope, code: ErrorInfo['code']): void {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) return;
  expect(envelope.error.code).toBe(code);
  expect(errorInfoSchema.safeParse(envelope.error).success).toBe(true);
}

describe('registration', () => {
  it('registers one prefixed channel per HostApi and desktop method, and nothing else', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(allMethods.map(channelFor).sort());
    for (const channel of ipc.handlers.keys()) expect(channel.startsWith('modelwright:')).toBe(true);
  });

  it('the preload\'s method table matches the contract: a method takes a request iff its schema is not void', () => {
    expect(Object.keys(hostMethodArity).sort()).toEqual([...hostMethodNames].sort());
    for (const method of hostMethodNames) {
      const takesNothing = hostMethods[method].request.safeParse(undefined).success && !hostMethods[method].request.safeParse({}).success;
      expect(hostMethodArity[method], method).toBe(takesNothing ? 'none' : 'request');
    }
  });

  it('removes every handler when asked', () => {
    const again = new FakeIpc();
    const handlers = countingHandlers();
    const unregister = registerIpc(again, handlers.api, handlers.desktop);
    unregister();
    expect(again.handlers.size).toBe(0);
  });
});

describe('well-formed calls from the app', () => {
  it('reach the handler with the validated request, for every method', async () => {
    for (const method of allMethods) {
      expect(requestSchema(method).safeParse(validRequests[method]).success, `${method} sample is valid`).toBe(true);
      const before = reached.length;
      const args = validRequests[method] === undefined ? [] : [validRequests[method]];
      await ipc.invoke(method, appEvent, ...args);
      expect(reached.length, method).toBe(before + 1);
      expect(reached.at(-1)?.method).toBe(method);
    }
    expect(refusedLog).toEqual([]);
  });

  it('answer with the result in an envelope, and turn a thrown coded error into ErrorInfo', async () => {
    const local = new FakeIpc();
    const handlers = countingHandlers();
    const api: HostCalls = {
      ...handlers.api,
      cancel: async () => undefined,
      getInfo: async () => ({ version: '1.0.0', mode: 'electron', backend: null, workspace: '/w', nativeDialogs: true, maxImportBytes: 10, maxChunkBytes: 5 }),
      openExample: async () => {
        throw Object.assign(new Error('nope'), { name: 'Error' });
      },
    };
    registerIpc(local, api, handlers.desktop);
    const info = await local.invoke('getInfo', appEvent);
    expect(info).toEqual({ ok: true, result: expect.objectContaining({ mode: 'electron', nativeDialogs: true }) });
    expectRefused(await local.invoke('openExample', appEvent, { id: 'iris' }), 'MW_INTERNAL');
  });
});

describe('forged senders', () => {
  const foreignUrls = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      'file:///home/user/renderer/dist/index.html',
      'app://modelwright.evil.com/index.html',
      'app://evil/index.html',
      'app://modelwright@evil.com/',
      'app://user:pw@modelwright/index.html',
      'app://modelwright:1/index.html',
      'https://modelwright/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abc/page.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'blob:app://modelwright/uuid',
      '',
    ),
    fc.tuple(fc.constantFrom('app', 'App', 'apps', 'ap', 'file', 'https'), fc.domain()).map(([scheme, host]) => `${scheme}://${host}/index.html`),
  );

  it('are refused with MW_IPC_BAD_SENDER before the payload is even looked at (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allMethods), foreignUrls, fc.boolean(), async (method, url, validPayload) => {
        fc.pre(!isAppUrl(url));
        const before = reached.length;
        const args = validPayload ? (validRequests[method] === undefined ? [] : [validRequests[method]]) : [{ junk: true }];
        expectRefused(await ipc.invoke(method, eventFrom(url), ...args), 'MW_IPC_BAD_SENDER');
        expect(reached.length).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('include sub-frames of the app, frames that are gone, and frames that throw when read', async () => {
    const throwing: FakeEvent = {
      get senderFrame(): FakeEvent['senderFrame'] {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const cases: FakeEvent[] = [
      eventFrom(APP_ENTRY_URL, { url: APP_ENTRY_URL }),
      eventFrom(`${APP_ORIGIN}/iframe.html`, {}),
      { senderFrame: null },
      throwing,
    ];
    for (const event of cases) {
      for (const method of allMethods) {
        const args = validRequests[method] === undefined ? [] : [validRequests[method]];
        expectRefused(await ipc.invoke(method, event, ...args), 'MW_IPC_BAD_SENDER');
      }
    }
    expect(reached).toEqual([]);
    expect(refusedLog.length).toBe(cases.length * allMethods.length);
  });
});

describe('malformed payloads from the app', () => {
  /** A payload the method's schema refuses: a mutation of its valid request, or a wrong kind of value. */
  function malformed(method: Method): fc.Arbitrary<unknown> {
    const valid = validRequests[method];
    const notObject = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.bigInt());
    if (valid === undefined) {
      // A method without a request refuses any value at all.
      return fc.oneof(notObject, fc.object(), fc.constant({}));
    }
    if (typeof valid !== 'object' || valid === null) {
      // An enum request (nativeEdit), so every other string or value is refused.
      return fc.oneof(notObject, fc.object()).filter((value) => !requestSchema(method).safeParse(value).success);
    }
    const record = valid as Record<string, unknown>;
    const keys = Object.keys(record);
    const mutations: fc.Arbitrary<unknown>[] = [
      notObject,
      fc.constant(undefined).filter(() => !requestSchema(method).safeParse(undefined).success),
      // An unknown key: every request schema is strict.
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !keys.includes(key) && key !== '__proto__'), fc.anything()).map(([key, value]) => ({ ...record, [key]: value })),
      // A field of the wrong type or out of range.
      fc.tuple(fc.constantFrom(...keys), fc.anything()).map(([key, value]) => ({ ...record, [key]: value })),
      // Huge strings where paths and names go.
      fc.constantFrom(...keys).map((key) => ({ ...record, [key]: 'x'.repeat(5000) })),
    ];
    return fc.oneof(...mutations).filter((value) => !requestSchema(method).safeParse(value).success);
  }

  it('are refused with MW_IPC_BAD_PAYLOAD and never reach the handler (1,000 runs)', async () => {
    const methodAndPayload = fc.constantFrom(...allMethods).chain((method) => malformed(method).map((payload) => [method, payload] as const));
    await fc.assert(
      fc.asyncProperty(methodAndPayload, async ([method, payload]) => {
        const before = reached.length;
        expectRefused(await ipc.invoke(method, appEvent, payload), 'MW_IPC_BAD_PAYLOAD');
        expect(reached.length).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('reach the handler exactly when the contract schema accepts them (any value, 1,000 runs)', async () => {
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allMethods), fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true }), async (method, payload) => {
        const before = reached.length;
        const envelope = await ipc.invoke(method, appEvent, payload);
        if (requestSchema(method).safeParse(payload).success) {
          expect(reached.length).toBe(before + 1);
        } else {
          refusals++;
          expectRefused(envelope, 'MW_IPC_BAD_PAYLOAD');
          expect(reached.length).toBe(before);
        }
      }),
      { numRuns: 1000 },
    );
    expect(refusals).toBeGreaterThan(900);
  });

  it('are refused when a call carries more than one argument', async () => {
    for (const method of allMethods) {
      expectRefused(await ipc.invoke(method, appEvent, validRequests[method], { extra: true }), 'MW_IPC_BAD_PAYLOAD');
    }
    expect(reached).toEqual([]);
  });
});
