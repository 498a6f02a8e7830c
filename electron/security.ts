/**
 * The desktop app's security settings, as pure functions so they are unit-tested without Electron:
 * the window's webPreferences, the Content-Security-Policy and headers of every app:// response, and
 * the decisions for navigation, new windows and external links. main.ts only wires them up.
 * Follows Electron's security checklist (docs/tutorial/security.md); docs/desktop.md lists each item.
 */
import type { WebPreferences } from 'electron';
import { isAppUrl } from './app-origin';

export interface WindowSecurityOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preload: string;
  /** Development builds may open the dev tools; packaged builds may not. */
  readonly devTools: boolean;
}

/** The webPreferences of every Modelwright window. */
export function buildWebPreferences(options: WindowSecurityOptions): WebPreferences {
  return {
    preload: options.preload,
    // The renderer is untrusted web content: no Node, its own JavaScript world, an OS-level sandbox.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // Dropping a file on the window must not navigate to it; the canvas handles drops itself.
    navigateOnDragDrop: false,
    // Middle-click would open links in new windows behind the window-open handler's back.
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

/**
 * The Content-Security-Policy of every app:// response. Scripts and everything else only from the app
 * itself: no inline scripts, no `unsafe-eval` (Vega charts run through vega-interpreter, `ast: true`),
 * no remote origins, no network at all (the renderer talks to the host only through IPC).
 * Inline styles stay allowed because React Flow and vega-embed set element styles; styles cannot run code.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers of every app:// response. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/** An external link the system browser may open: https only, no user info (no `https://a@b` tricks). */
export function isSafeExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** How long after the user's last click or key press a link may still open (a click opens at once). */
export const USER_GESTURE_WINDOW_MS = 1000;

export type LinkDecision = { readonly action: 'deny' } | { readonly action: 'open-external'; readonly url: string };

/**
 * What to do when the page asks for a new window (`window.open`, a `target=_blank` link) or navigates
 * away from the app: never a new Electron window and never leave the app; an https link opens in the
 * system browser, but only right after a real mouse click or key press (reported by the OS input
 * events, which page scripts cannot forge), so a page script cannot open URLs on its own.
 */
export function decideLink(url: string, msSinceUserGesture: number): LinkDecision {
  if (isSafeExternalUrl(url) && msSinceUserGesture >= 0 && msSinceUserGesture <= USER_GESTURE_WINDOW_MS) return { action: 'open-external', url };
  return { action: 'deny' };
}

/** Navigation within the app (e.g. a reload) is allowed; anything else is blocked. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
