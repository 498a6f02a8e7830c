import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, checkPreloadImports, externalImports } from './build';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the desktop bundles', () => {
  it('bundle the preload as self-contained CommonJS that requires only electron', async () => {
    const result = await build({ ...bundleOptions(root).preload, write: false, sourcemap: false, logLevel: 'silent' });
    if (result.metafile === undefined) throw new Error('esbuild returned no metafile');
    expect(externalImports(result.metafile)).toEqual(['electron']);
    expect(() => checkPreloadImports(result.metafile)).not.toThrow();
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('exposeInMainWorld("modelwright"');
    // The page never gets ipcRenderer: it is used inside the preload only.
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('refuse a preload that would require a Node module', () => {
    expect(() => checkPreloadImports({ inputs: {}, outputs: { 'p.cjs': { bytes: 1, inputs: {}, imports: [{ path: 'fs', kind: 'require-call', external: true }, { path: 'electron', kind: 'require-call', external: true }], exports: [] } } })).toThrow(/imports fs/);
  });
});
