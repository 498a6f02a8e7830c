/**
 * Browser mode refuses what does not come from its own page: no token → 401, a foreign Host (DNS
 * rebinding) or Origin → 403, on plain HTTP and on the WebSocket upgrade; responses carry a strict CSP and
 * no CORS headers. With Chromium: the app loads under that CSP without violations, a tokenless visit is
 * refused, and a real DNS-rebinding attempt (a foreign name resolving to 127.0.0.1) is refused.
 */
import { chromiumAvailable, launchChromium } from '../lib/browser';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { httpGet, upgradeStatus } from '../lib/http';

export async function flow(ctx: FlowContext): Promise<void> {
  const { port, token, origin } = ctx.host;

  // Plain HTTP
  equal((await httpGet(port, '/')).status, 401, 'GET / without the token');
  equal((await httpGet(port, `/?token=${'0'.repeat(32)}`)).status, 401, 'GET / with a wrong token');
  equal((await httpGet(port, '/assets/index.js')).status, 401, 'an asset without the token or cookie');
  equal((await httpGet(port, `/?token=${token}`, { Host: `attacker.example:${port}` })).status, 403, 'a foreign Host header');
  equal((await httpGet(port, `/?token=${token}`, { Origin: 'http://attacker.example' })).status, 403, 'a foreign Origin header');
  const page = await httpGet(port, `/?token=${token}`);
  check(page.status === 200 || page.status === 503, `GET / with the token: status ${page.status}`);
  const csp = String(page.headers['content-security-policy']);
  check(csp.includes("script-src 'self'") && !csp.includes('unsafe-eval'), `CSP is strict: ${csp}`);
  equal(page.headers['access-control-allow-origin'], undefined, 'no CORS header');
  check(String(page.headers['set-cookie']).includes('HttpOnly'), 'the token cookie is HttpOnly');

  // WebSocket upgrade
  equal(await upgradeStatus(port, '/ws'), 401, 'WebSocket without the token');
  equal(await upgradeStatus(port, `/ws?token=${token}`, { Origin: 'http://attacker.example' }), 403, 'WebSocket with a foreign Origin');
  equal(await upgradeStatus(port, `/ws?token=${token}`, { Host: `attacker.example:${port}` }), 403, 'WebSocket with a foreign Host');
  equal(await upgradeStatus(port, `/ws?token=${token}`, { Origin: origin }), 101, 'WebSocket from the app origin with the token');

  if (!chromiumAvailable()) {
    ctx.log('Chromium not found: browser checks did not run.');
    return;
  }

  // In Chromium: the app under its CSP, then a visit without the token.
  const tab = await ctx.openApp();
  const violations: string[] = [];
  tab.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  tab.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await tab.reload({ waitUntil: 'networkidle' });
  await ctx.screenshot(tab, 'app-with-token');
  check(violations.length === 0, `the app runs under its CSP without violations: ${violations.join(' | ')}`);
  await tab.close();

  // A fresh browser (no cookie): no token → refused.
  const fresh = await launchChromium(['--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1']);
  try {
    const anonymous = await fresh.context.newPage();
    const refused = await anonymous.goto(`http://127.0.0.1:${port}/`);
    equal(refused?.status(), 401, 'Chromium without the token');
    await ctx.screenshot(anonymous, 'no-token-refused');
    // DNS rebinding: a page on another name that resolves to 127.0.0.1, even knowing the token.
    const rebound = await anonymous.goto(`http://rebind.attacker.test:${port}/?token=${token}`);
    equal(rebound?.status(), 403, 'Chromium on a rebound host name');
    await ctx.screenshot(anonymous, 'dns-rebinding-refused');
  } finally {
    await fresh.close();
  }
}
