import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl, resolveAppFile } from './app-origin';
import {
  appResponseHeaders,
  buildWebPreferences,
  contentSecurityPolicy,
  decideLink,
  isAllowedNavigation,
  isSafeExternalUrl,
  USER_GESTURE_WINDOW_MS,
} from './security';

/** The CSP as a map of directive → sources. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') map.set(name, sources);
  }
  return map;
}

describe('webPreferences', () => {
  const prefs = buildWebPreferences({ preload: '/app/dist/electron/preload.cjs', devTools: false });

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('enables no Blink feature and sets nothing that weakens the defaults', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('allows the dev tools only in development', () => {
    expect(prefs.devTools).toBe(false);
    expect(buildWebPreferences({ preload: '/p.cjs', devTools: true }).devTools).toBe(true);
  });
});

describe('Content-Security-Policy', () => {
  const csp = directives(contentSecurityPolicy());

  it('denies by default and takes scripts only from the app, without eval or inline scripts', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('has no unsafe-eval, no wildcard and no remote origin in any directive', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toBe("'unsafe-eval'");
        expect(source, `${name} ${source}`).not.toBe("'wasm-unsafe-eval'");
        expect(source, `${name} ${source}`).not.toContain('*');
        expect(source, `${name} ${source}`).not.toMatch(/^(https?|wss?):/);
      }
    }
  });

  it('allows inline styles only (React Flow and vega-embed set element styles), never inline scripts', () => {
    const inline = [...csp].filter(([, sources]) => sources.includes("'unsafe-inline'")).map(([name]) => name);
    expect(inline).toEqual(['style-src']);
  });

  it('forbids plugins, frames, base-URI changes and form posts', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('is sent with every app:// response, with nosniff and no referrer', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
  });
});

describe('the app origin', () => {
  it('recognises only app://modelwright pages', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/assets/index.js`)).toBe(true);
    for (const url of [
      'app://modelwright.evil.com/index.html',
      'app://evil/index.html',
      'app://user@modelwright/index.html',
      'app://modelwright:8080/index.html',
      'file:///app/renderer/dist/index.html',
      'https://modelwright/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'data:text/html,<script>alert(1)</script>',
      'APP://MODELWRIGHT.evil/',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('maps app URLs into renderer/dist and never outside it (property)', () => {
    const root = '/srv/app/renderer/dist';
    expect(resolveAppFile(root, `${APP_ORIGIN}/`)).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/a.js?x=1#y`)).toBe(`${root}/assets/a.js`);
    expect(resolveAppFile(root, `${APP_ORIGIN}/..%2f..%2fetc/passwd`)).toBeNull();
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets%5c..%5c..%5csecret`)).toBeNull();
    expect(resolveAppFile(root, `${APP_ORIGIN}/a%00.js`)).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('..', '.', '%2e%2e', '%2f', '%5c', 'assets', 'a.js', '', '%00'), fc.string({ maxLength: 6 })), { maxLength: 8 }), (segments) => {
        const file = resolveAppFile(root, `${APP_ORIGIN}/${segments.join('/')}`);
        if (file !== null) expect(file.startsWith(`${root}/`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('links and navigation', () => {
  it('opens only https links without user info in the system browser', () => {
    expect(isSafeExternalUrl('https://example.org/docs')).toBe(true);
    for (const url of ['http://example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org', 'ms-settings:', 'app://modelwright/x', '']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('opens an https link only right after a real click or key press', () => {
    expect(decideLink('https://example.org', 10)).toEqual({ action: 'open-external', url: 'https://example.org' });
    expect(decideLink('https://example.org', USER_GESTURE_WINDOW_MS + 1)).toEqual({ action: 'deny' });
    expect(decideLink('https://example.org', Number.POSITIVE_INFINITY)).toEqual({ action: 'deny' });
    expect(decideLink('http://example.org', 0)).toEqual({ action: 'deny' });
    expect(decideLink('file:///etc/passwd', 0)).toEqual({ action: 'deny' });
  });

  it('never navigates the window away from the app', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation('https://example.org')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/houses.csv')).toBe(false);
  });
});
