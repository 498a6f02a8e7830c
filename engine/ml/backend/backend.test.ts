import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { tf } from './tf';
import { describeBackend } from './info';
import { selectBackend, type BackendLoader } from './select';

const missing = (pkg: string): BackendLoader => () => Promise.reject(new Error(`Cannot find module '${pkg}'`));

describe('backend selection', () => {
  it('falls back to wasm (SIMD) when tfjs-node and tfjs-node-gpu are absent, saying why each was skipped', async () => {
    const info = await selectBackend({
      env: {},
      loaders: { 'node-gpu': missing('@tensorflow/tfjs-node-gpu'), node: missing('@tensorflow/tfjs-node') },
    });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.forcedBy).toBeNull();
    expect(info.version).toBe(tf.version_core);
    expect(info.skipped.map((s) => s.name)).toEqual(['node-gpu', 'node', 'cpu']);
    expect(info.skipped[1]!.reason).toContain('@tensorflow/tfjs-node');
    expect(describeBackend(info)).toContain('wasm');
  });

  it('really is missing tfjs-node on this machine or uses it: the default loaders report either way', async () => {
    const info = await selectBackend({ env: {} });
    expect(['node', 'node-gpu', 'wasm']).toContain(info.name);
    if (info.name === 'wasm') expect(info.skipped.find((s) => s.name === 'node')?.reason).toMatch(/not installed|failed to load/);
  });

  it('is forced to cpu by MODELWRIGHT_BACKEND, and the others are reported as not tried', async () => {
    const info = await selectBackend({ env: { MODELWRIGHT_BACKEND: 'cpu' } });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.forcedBy).toBe('env');
    expect(info.skipped).toHaveLength(3);
    expect(info.skipped.every((s) => s.reason.includes('MODELWRIGHT_BACKEND=cpu'))).toBe(true);
  });

  it('is forced by the setting when the environment variable is unset, and the variable wins over the setting', async () => {
    expect((await selectBackend({ env: {}, choice: 'cpu' })).forcedBy).toBe('setting');
    const info = await selectBackend({ env: { MODELWRIGHT_BACKEND: 'wasm' }, choice: 'cpu' });
    expect(info.name).toBe('wasm');
    expect(info.forcedBy).toBe('env');
  });

  it('fails with a coded error when the forced backend is unavailable or the value is unknown', async () => {
    const forced = selectBackend({ env: { MODELWRIGHT_BACKEND: 'node' }, loaders: { node: missing('@tensorflow/tfjs-node') } });
    await expect(forced).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_BACKEND_UNAVAILABLE');
    await expect(selectBackend({ env: { MODELWRIGHT_BACKEND: 'tpu' } })).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_BACKEND_UNAVAILABLE');
  });

  it('says it fell back when tfjs-node-gpu loads but TensorFlow uses no GPU device', async () => {
    // A stand-in for tfjs-node-gpu on a machine without CUDA: it loads, but reports no GPU device.
    const gpuWithoutDevice: BackendLoader = async () => ({ package: '@tensorflow/tfjs-node-gpu', version: '4.22.0', tfBackend: 'cpu', inspect: async () => ({ gpu: false }) });
    const info = await selectBackend({ env: {}, loaders: { 'node-gpu': gpuWithoutDevice } });
    expect(info.name).toBe('node');
    expect(info.gpu).toBe(false);
    expect(info.notes.join(' ')).toMatch(/fell back/);
    expect(info.skipped.find((s) => s.name === 'node-gpu')?.reason).toMatch(/no GPU/);
  });
});
