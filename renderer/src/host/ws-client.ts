/**
 * HostApi over browser mode's WebSocket. Requests carry ids and are matched to responses; every message
 * is validated with the contract in both directions; the connection is re-established with backoff when
 * it drops. DOM-only: no Node imports.
 *
 * When the connection drops, requests in flight fail with MW_HOST_DISCONNECTED (the host may or may not
 * have done them; the caller decides whether to retry). Requests made while disconnected wait for the
 * connection for `queueTimeoutMs`, then fail the same way.
 */
import { MwError, type ErrorInfo } from '../../../engine/errors';
import {
  HostError,
  encodeBinaryRequest,
  hostMethodNames,
  parseRequest,
  parseResponse,
  serverMessageSchema,
  type HostApi,
  type HostMethod,
  type HostRequest,
  type HostResponse,
} from '../../../engine/host/contract';
import type { RunEvent } from '../../../engine/run/events';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The subset of the DOM WebSocket this client uses (so tests can pass another implementation). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { readonly data?: unknown }) => void): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WebSocketHostOptions {
  readonly url: string;
  readonly createSocket?: WebSocketFactory;
  /** First reconnect delay; doubles up to `maxBackoffMs`. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How long a request made while disconnected waits for the connection. */
  readonly queueTimeoutMs?: number;
}

export interface WebSocketHost extends HostApi {
  readonly connection: ConnectionState;
  /** Called on every change of connection state; returns the unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Closes for good (no reconnect); pending requests fail with MW_HOST_DISCONNECTED. */
  close(): void;
}

const OPEN = 1;

interface Pending {
  readonly method: HostMethod;
  resolve(value: unknown): void;
  reject(error: HostError): void;
}

interface Queued {
  readonly send: () => void;
  readonly fail: (error: HostError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

function disconnected(message?: string): HostError {
  return new HostError(new MwError('MW_HOST_DISCONNECTED', message === undefined ? {} : { message }).toInfo());
}

export function createWebSocketHost(options: WebSocketHostOptions): WebSocketHost {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const queueTimeout = options.queueTimeoutMs ?? 10_000;

  const eventListeners = new Set<(event: RunEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  const queue: Queued[] = [];
  let nextId = 1;
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | null = null;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(): void {
    const ws = createSocket(options.url);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      attempts = 0;
      setState('open');
      for (const item of queue.splice(0)) {
        clearTimeout(item.timer);
        item.send();
      }
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) onMessage(event.data);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, request] of pending) {
        pending.delete(id);
        request.reject(disconnected());
      }
      if (state === 'closed') return;
      setState('reconnecting');
      const delay = Math.min(maxBackoff, initialBackoff * 2 ** attempts) * (0.75 + Math.random() * 0.5);
      attempts++;
      reconnectTimer = setTimeout(connect, delay);
    });
    // 'error' is always followed by 'close', where reconnecting happens.
    ws.addEventListener('error', () => undefined);
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if ('event' in message) {
      for (const listener of eventListeners) listener(message.data);
      return;
    }
    if (message.id === null) return;
    const request = pending.get(message.id);
    if (request === undefined) return;
    pending.delete(message.id);
    if ('error' in message) {
      request.reject(new HostError(message.error));
      return;
    }
    const response = parseResponse(request.method, message.result);
    if (response.ok) request.resolve(response.value);
    else request.reject(new HostError(response.error));
  }

  function call<M extends HostMethod>(method: M, params: HostRequest<M>): Promise<HostResponse<M>> {
    const checked = parseRequest(method, params);
    if (!checked.ok) return Promise.reject(new HostError(checked.error));
    if (state === 'closed') return Promise.reject(disconnected('The connection to the host was closed.'));
    return new Promise<HostResponse<M>>((resolve, reject) => {
      const id = nextId++;
      const send = () => {
        const ws = socket;
        if (ws === null || ws.readyState !== OPEN) {
          reject(disconnected());
          return;
        }
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
        try {
          if (method === 'importChunk') {
            const { data, ...rest } = checked.value as HostRequest<'importChunk'>;
            ws.send(encodeBinaryRequest({ id, method, params: rest }, data));
          } else {
            ws.send(JSON.stringify(checked.value === undefined ? { id, method } : { id, method, params: checked.value }));
          }
        } catch {
          pending.delete(id);
          reject(disconnected());
        }
      };
      if (state === 'open') {
        send();
        return;
      }
      const item: Queued = {
        send,
        fail: reject,
        timer: setTimeout(() => {
          const index = queue.indexOf(item);
          if (index >= 0) queue.splice(index, 1);
          reject(disconnected());
        }, queueTimeout),
      };
      queue.push(item);
    });
  }

  const methods = Object.fromEntries(
    hostMethodNames.map((name) => [name, (params?: unknown) => call(name, params as HostRequest<typeof name>)]),
  ) as unknown as Omit<HostApi, 'onEvent'>;

  connect();

  return {
    ...methods,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
    get connection() {
      return state;
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      setState('closed');
      clearTimeout(reconnectTimer);
      for (const item of queue.splice(0)) {
        clearTimeout(item.timer);
        item.fail(disconnected('The connection to the host was closed.'));
      }
      const ws = socket;
      socket = null;
      for (const [id, request] of pending) {
        pending.delete(id);
        request.reject(disconnected('The connection to the host was closed.'));
      }
      ws?.close();
    },
  };
}

/** The ErrorInfo of anything a HostApi call rejected with (HostError carries one; others become MW_INTERNAL). */
export function hostErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof HostError) return error.info;
  return new MwError('MW_INTERNAL', { message: error instanceof Error ? error.message : String(error) }).toInfo();
}
