import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canReach, downloadHost, electronBinaryStatus, platformExecutable, runTimeBoxed } from './electron-binary';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function fakeElectron(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-electron-'));
  dirs.push(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

describe('finding the Electron binary without downloading it', () => {
  it('reports a missing binary (the first-launch download has not happened)', async () => {
    const status = electronBinaryStatus(await fakeElectron({}), 'linux', {});
    expect(status).toMatchObject({ ok: false, version: '45.5.0' });
    if (!status.ok) expect(status.reason).toMatch(/has not downloaded its binary yet/);
  });

  it('finds a downloaded binary of the right version, per platform', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const exe = platformExecutable(platform);
      const dir = await fakeElectron({ 'path.txt': exe, 'dist/version': 'v45.5.0', [`dist/${exe}`]: 'binary' });
      expect(electronBinaryStatus(dir, platform, {})).toEqual({ ok: true, path: join(dir, 'dist', exe), version: '45.5.0' });
    }
  });

  it('refuses a binary of another version', async () => {
    const dir = await fakeElectron({ 'path.txt': 'electron', 'dist/version': '44.0.0', 'dist/electron': 'binary' });
    const status = electronBinaryStatus(dir, 'linux', {});
    expect(status.ok).toBe(false);
    if (!status.ok) expect(status.reason).toMatch(/does not match/);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dir = await fakeElectron({ 'custom/electron': 'binary' });
    expect(electronBinaryStatus(dir, 'linux', { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'custom') })).toMatchObject({ ok: true, path: join(dir, 'custom', 'electron') });
  });

  it('says when the electron package itself is missing', () => {
    expect(electronBinaryStatus(join(tmpdir(), 'mw-no-such-dir'), 'linux', {})).toMatchObject({ ok: false, version: null });
  });

  it('downloads from the mirror when one is set', () => {
    expect(downloadHost({})).toBe('github.com');
    expect(downloadHost({ ELECTRON_MIRROR: 'https://mirror.example.org/electron/' })).toBe('mirror.example.org');
  });
});

describe('network probe and time boxes (loopback only)', () => {
  it('answers quickly either way and never hangs', async () => {
    // A port that was just freed: the connection is refused at once.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const closedPort = typeof address === 'object' && address !== null ? address.port : 1;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const started = Date.now();
    expect(await canReach('127.0.0.1', 2000, { env: {}, port: closedPort })).toBe(false);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await canReach('127.0.0.1', 10, { env: { HTTPS_PROXY: 'http://proxy:3128' } })).toBe(true);
  });

  it('kills a command that outlives its time box', async () => {
    const result = await runTimeBoxed(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { cwd: tmpdir(), timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, timedOut: true });
    const ok = await runTimeBoxed(process.execPath, ['-e', 'console.log("fine")'], { cwd: tmpdir(), timeoutMs: 10_000 });
    expect(ok).toMatchObject({ ok: true, timedOut: false, code: 0, tail: 'fine' });
  });

  it('reaches a listening port', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      expect(await canReach('127.0.0.1', 2000, { env: {}, port })).toBe(true);
    } finally {
      server.close();
    }
  });
});
