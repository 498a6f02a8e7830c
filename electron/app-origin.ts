/**
 * The app's own origin, `app://modelwright`, and the mapping from its URLs to files in renderer/dist.
 * Pure (no Electron import), so the IPC sender check and the protocol handler's path rules are unit-tested.
 *
 * Why a custom scheme and not `file:`: a `file:` page shares its origin with every other local file, so
 * "is this request from the app?" has no good answer; `app://modelwright` is ours alone (Electron's
 * security checklist, "Avoid usage of the file:// protocol").
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'modelwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` is a page of the app itself: scheme `app:`, host exactly `modelwright`, no user info,
 * no port. Anything unparsable is not the app.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/**
 * The file in `root` that an `app://modelwright/…` request names, or null when the request is not for
 * the app's host or would leave `root` (`..`, encoded separators, absolute paths). `/` is index.html.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  // An encoded backslash or NUL would be a second way to spell a separator or end the path.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(base, wanted);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
