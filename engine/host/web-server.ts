/**
 * Browser mode's server: the built renderer over HTTP and HostApi over one WebSocket, on 127.0.0.1 only.
 *
 * Security model (docs/browser-mode.md):
 * - Bound to the loopback interface: other machines cannot connect.
 * - A random 128-bit token per launch, in the URL the user opens, is required on every HTTP request and on
 *   the WebSocket upgrade: other local users and web pages cannot guess it.
 * - The Host header must name this server (127.0.0.1:PORT or localhost:PORT) and any Origin must be this
 *   server's: a page from another site that rebinds its DNS name to 127.0.0.1 is refused (403).
 * - No CORS headers, so other origins cannot read responses; a strict CSP on every response.
 * - Assets (scripts, styles) are requested by the browser without the query string, so the first tokened
 *   request sets a cookie carrying the token: HttpOnly (page scripts cannot read it), SameSite=Strict
 *   (other sites' requests do not carry it), Path=/, named per port (cookies are not port-scoped).
 */
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MwError, type ErrorInfo } from '../errors';
import type { RunEvent } from '../run/events';
import { MAX_CHUNK_BYTES, decodeBinaryRequest, eventMessageSchema, requestMessageSchema, type HostApi } from './contract';
import { dispatch } from './dispatch';

export interface WebServerOptions {
  readonly api: HostApi;
  /** The built renderer (renderer/dist); null serves a page saying it is not built. */
  readonly staticDir: string | null;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** 32 hex digits; a fresh random one by default (tests pass their own). */
  readonly token?: string;
}

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** The URL to open: http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
/** A client that stops reading is cut off rather than buffered without bound (it reconnects). */
const MAX_BUFFERED = 64 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy of every page. Scripts only from this server (no inline, no eval: Vega
 * charts must be embedded with `ast: true`, which uses vega-interpreter instead of `new Function`).
 * Inline styles are allowed because React Flow and vega-embed set element styles and inject small
 * style sheets; style injection cannot run code.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    // The token is in the page URL: never send it to anyone in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Refuses what did not come from this server's own pages (DNS rebinding, cross-site requests). */
function foreignRequest(req: IncomingMessage, port: number): string | null {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.includes(host)) return 'foreign Host header';
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) return 'foreign Origin header';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request';
  return null;
}

function notBuiltPage(): string {
  return '<!doctype html><meta charset="utf-8"><title>Modelwright</title><p>The Modelwright window is not built yet. Run <code>npm run build:renderer</code>, then reload this page.</p>';
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const staticDir = options.staticDir === null ? null : resolve(options.staticDir);
  let port = 0;
  const cookieName = () => `mw_token_${port}`;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CHUNK_BYTES + 64 * 1024, perMessageDeflate: false });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, securityHeaders(port));
      res.end();
    });
  });

  function refuse(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${text}\n`);
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const foreign = foreignRequest(req, port);
    if (foreign !== null) return refuse(res, 403, `Forbidden: ${foreign}.`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token') ?? undefined;
    const fromQuery = sameToken(queryToken, token);
    if (!fromQuery && !sameToken(cookieToken(req, cookieName()), token)) {
      return refuse(res, 401, 'Unauthorized: open the URL Modelwright printed when it started (it carries the access token).');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const headers: Record<string, string> = { ...securityHeaders(port) };
    if (fromQuery) headers['Set-Cookie'] = `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    if (url.pathname === WS_PATH) return refuse(res, 426, 'Upgrade to WebSocket required.');

    if (staticDir === null) {
      res.writeHead(503, { ...headers, 'Content-Type': contentTypes['.html'] ?? 'text/html', 'Cache-Control': 'no-store' });
      res.end(notBuiltPage());
      return;
    }
    const file = await staticFile(staticDir, url.pathname);
    if (file === null) return refuse(res, 404, 'Not found.');
    const type = contentTypes[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    const hashedAsset = url.pathname.startsWith('/assets/');
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(file.size),
      'Cache-Control': hashedAsset ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const foreign = foreignRequest(req, port);
    if (foreign !== null) return reject(403, 'Forbidden');
    if (url.pathname !== WS_PATH) return reject(404, 'Not Found');
    if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  });

  function serveConnection(ws: WebSocket): void {
    let alive = true;
    const send = (message: unknown) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const sendError = (id: unknown, error: ErrorInfo) => send({ id: typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null, error });
    const off = options.api.onEvent((event: RunEvent) => {
      const message = { event: 'run' as const, data: event };
      // Events are checked on the way out like responses, so a bug cannot put a malformed event on the wire.
      if (eventMessageSchema.safeParse(message).success) send(message);
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      off();
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      void handleMessage(raw, isBinary).catch((thrown: unknown) => sendError(null, new MwError('MW_INTERNAL', { message: String(thrown) }).toInfo()));
    });

    async function handleMessage(raw: RawData, isBinary: boolean): Promise<void> {
      const bytes = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      const bad = (message: string) => new MwError('MW_IPC_BAD_PAYLOAD', { message }).toInfo();
      let id: unknown;
      let method: unknown;
      let params: unknown;
      if (isBinary) {
        const decoded = decodeBinaryRequest(bytes);
        if (decoded === null) return sendError(null, bad('The binary message is malformed.'));
        ({ id, method, params } = decoded);
        if (method !== 'importChunk') return sendError(id, bad('Only importChunk travels as a binary message.'));
        if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return sendError(null, bad('The request id is invalid.'));
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(bytes.toString('utf8'));
        } catch {
          return sendError(null, bad('The message is not valid JSON.'));
        }
        const envelope = requestMessageSchema.safeParse(parsed);
        if (!envelope.success) {
          const maybeId = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['id'] : undefined;
          return sendError(maybeId, bad('The message must be {id, method, params}.'));
        }
        ({ id, method, params } = envelope.data);
      }
      const outcome = await dispatch(options.api, method, params);
      // A void result travels as `{id}` (JSON has no undefined).
      if (outcome.ok) send(outcome.result === undefined ? { id } : { id, result: outcome.result });
      else sendError(id, outcome.error);
    }
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    port,
    token,
    url,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/** The file under `root` for a URL path, or null (outside root, a dotfile, missing, not a file). */
async function staticFile(root: string, pathname: string): Promise<{ path: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relativePath = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relativePath.split(/[\\/]/).some((part) => part.startsWith('.'))) return null;
  const full = normalize(join(root, relativePath));
  if (full !== root && !full.startsWith(root + sep)) return null;
  const info = await stat(full).catch(() => undefined);
  if (info === undefined || !info.isFile()) return null;
  return { path: full, size: info.size };
}
