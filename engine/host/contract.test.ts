import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../graph/schema';
import {
  HostError,
  MAX_CHUNK_BYTES,
  decodeBinaryRequest,
  encodeBinaryRequest,
  hostMethodNames,
  hostMethods,
  isHostMethod,
  parseRequest,
  parseResponse,
  serverMessageSchema,
} from './contract';

describe('HostApi contract', () => {
  it('has a request and a response schema for every method, and only own names count as methods', () => {
    expect(hostMethodNames.length).toBeGreaterThan(15);
    for (const name of hostMethodNames) expect(hostMethods[name].request).toBeDefined();
    expect(isHostMethod('run')).toBe(true);
    expect(isHostMethod('toString')).toBe(false);
    expect(isHostMethod('__proto__')).toBe(false);
    expect(isHostMethod(42)).toBe(false);
  });

  it('accepts well-formed requests', () => {
    expect(parseRequest('getInfo', undefined).ok).toBe(true);
    expect(parseRequest('run', { graph: emptyGraph(), upTo: 'n1' }).ok).toBe(true);
    expect(parseRequest('importChunk', { importId: 'u', offset: 0, data: new Uint8Array(10) }).ok).toBe(true);
    expect(parseRequest('openProject', {}).ok).toBe(true);
  });

  it('refuses malformed requests with MW_IPC_BAD_PAYLOAD naming the field', () => {
    const cases: [Parameters<typeof parseRequest>[0], unknown, string][] = [
      ['run', { graph: { ...emptyGraph(), nodes: 'x' } }, 'graph.nodes'],
      ['run', { graph: emptyGraph(), extra: 1 }, ''],
      ['cancel', { runId: '' }, 'runId'],
      ['getInfo', { sneaky: true }, ''],
      ['importChunk', { importId: 'u', offset: -1, data: new Uint8Array(1) }, 'offset'],
      ['importChunk', { importId: 'u', offset: 0, data: [1, 2, 3] }, 'data'],
      ['importChunk', { importId: 'u', offset: 0, data: new Uint8Array(MAX_CHUNK_BYTES + 1) }, 'data'],
      ['beginImport', { projectPath: '/p', fileName: 'x.csv', size: 1e13 }, 'size'],
      ['saveProject', { projectPath: 'x'.repeat(5000), graph: emptyGraph() }, 'projectPath'],
    ];
    for (const [index, [method, params, field]] of cases.entries()) {
      const result = parseRequest(method, params);
      expect(result.ok, `case ${index} (${method})`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('MW_IPC_BAD_PAYLOAD');
        if (field !== '') expect(result.error.location.field).toBe(field);
      }
    }
  });

  it('validates responses too (the caller does not trust the host blindly)', () => {
    expect(parseResponse('run', { runId: 'r' }).ok).toBe(true);
    expect(parseResponse('run', { runId: 7 }).ok).toBe(false);
    expect(parseResponse('cancel', undefined).ok).toBe(true);
    expect(parseResponse('listExamples', [{ id: 'iris', title: 'Iris', description: '' }]).ok).toBe(true);
  });

  it('never throws on arbitrary input, and refuses everything that is not a valid request', () => {
    fc.assert(
      fc.property(fc.constantFrom(...hostMethodNames), fc.jsonValue(), (method, params) => {
        const result = parseRequest(method, params);
        if (!result.ok) expect(result.error.code).toBe('MW_IPC_BAD_PAYLOAD');
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips binary chunk frames and rejects malformed ones', () => {
    const data = new Uint8Array([1, 2, 3, 250]);
    const frame = encodeBinaryRequest({ id: 7, method: 'importChunk', params: { importId: 'abc', offset: 12 } }, data);
    const decoded = decodeBinaryRequest(frame);
    expect(decoded).toMatchObject({ id: 7, method: 'importChunk', params: { importId: 'abc', offset: 12 } });
    expect(Array.from((decoded?.params as { data: Uint8Array }).data)).toEqual([1, 2, 3, 250]);
    expect(parseRequest('importChunk', decoded?.params).ok).toBe(true);
    expect(decodeBinaryRequest(new Uint8Array([1, 0]))).toBeNull();
    expect(decodeBinaryRequest(new Uint8Array([255, 255, 255, 255, 1]))).toBeNull();
    const notJson = new Uint8Array([3, 0, 0, 0, 0x7b, 0x7b, 0x7b]);
    expect(decodeBinaryRequest(notJson)).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const result = decodeBinaryRequest(bytes);
      if (result !== null) expect(typeof result).toBe('object');
    }), { numRuns: 500 });
  });

  it('parses server messages: responses, errors and run events', () => {
    expect(serverMessageSchema.safeParse({ id: 1, result: { runId: 'r' } }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ id: null, error: { code: 'MW_IPC_BAD_PAYLOAD', message: 'm', hint: 'h', location: {} } }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ event: 'run', data: { type: 'log', runId: 'r', time: 1, level: 'info', message: 'hi' } }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ event: 'run', data: { type: 'nope' } }).success).toBe(false);
    const error = new HostError({ code: 'MW_HOST_DISCONNECTED', message: 'gone', hint: 'h', location: {} });
    expect(error.code).toBe('MW_HOST_DISCONNECTED');
    expect(error.message).toBe('gone');
  });
});
