/**
 * The renderer's WebSocket HostApi client (renderer/src/host) against the real host: projects, a 100 MB
 * CSV streamed in chunks (host memory stays bounded while it arrives), a run with cached steps the second
 * time, and reconnection after the host restarts.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { Graph } from '../../engine/graph/schema';
import type { RunEvent } from '../../engine/run/events';
import { uploadFile, type UploadSource } from '../../renderer/src/host/upload';
import { createWebSocketHost, type WebSocketHost, type WebSocketLike } from '../../renderer/src/host/ws-client';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';

const BIG_BYTES = 100 * 1024 * 1024;

function connect(ctx: FlowContext): WebSocketHost {
  const { port, token, origin } = ctx.host;
  return createWebSocketHost({
    url: `ws://127.0.0.1:${port}/ws?token=${token}`,
    createSocket: (url) => new WebSocket(url, { headers: { Origin: origin } }) as unknown as WebSocketLike,
    initialBackoffMs: 100,
    maxBackoffMs: 500,
  });
}

/** Writes a CSV of at least `bytes` bytes; returns its row count. */
async function writeBigCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('id,x,y,group\n');
  let written = 0;
  let rows = 0;
  const groups = ['north', 'south', 'east', 'west'];
  while (written < bytes) {
    let block = '';
    for (let i = 0; i < 10_000; i++, rows++) block += `${rows},${(rows % 977) / 7},${(rows * 31) % 1000},${groups[rows % 4] ?? ''}\n`;
    written += block.length;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** A File-like view of a file on disk, read slice by slice. */
async function fileSource(path: string): Promise<UploadSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await stat(path);
  return {
    name: 'big.csv',
    size,
    slice: (start, end) => ({
      async arrayBuffer() {
        const buffer = new Uint8Array(end - start);
        await handle.read(buffer, 0, buffer.length, start);
        return buffer.buffer;
      },
    }),
    close: () => handle.close(),
  };
}

/** Resident memory of the host process in bytes (Linux), or null. */
async function rss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

function runToEnd(host: WebSocketHost, graph: Graph, projectPath: string): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const events: RunEvent[] = [];
    let runId: string | undefined;
    const off = host.onEvent((event) => {
      events.push(event);
      if (event.type === 'run-finished' && event.runId === runId) {
        off();
        resolve(events.filter((e) => e.runId === runId));
      }
    });
    host.run({ graph, projectPath }).then((started) => (runId = started.runId), reject);
  });
}

export async function flow(ctx: FlowContext): Promise<void> {
  const host = connect(ctx);
  try {
    const info = await host.getInfo();
    equal(info.mode, 'browser', 'mode');
    equal(info.workspace, ctx.workspace, 'workspace');
    const { project } = await host.newProject({ name: 'Big upload' });

    // 100 MB upload: sample the host's memory while the chunks arrive.
    const csvPath = join(ctx.workspace, 'big-source.csv');
    const rows = await writeBigCsv(csvPath, BIG_BYTES);
    const source = await fileSource(csvPath);
    try {
      const before = await rss(ctx.host.pid);
      let peak = before ?? 0;
      let uploading = true;
      const sampler = setInterval(() => {
        if (!uploading) return;
        void rss(ctx.host.pid).then((value) => {
          if (value !== null && uploading) peak = Math.max(peak, value);
        });
      }, 50);
      const started = performance.now();
      const summary = await uploadFile(host, project.path, source, {
        onProgress: ({ sent, total }) => {
          if (sent === total) uploading = false;
        },
      });
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      equal(summary.path, 'data/big.csv', 'stored path');
      equal(summary.table?.rowCount, rows, 'rows of the uploaded CSV');
      equal(summary.size, source.size, 'size');
      ctx.log(`${(source.size / 2 ** 20).toFixed(0)} MB uploaded and summarised in ${seconds.toFixed(1)} s`);
      if (before !== null) {
        const growth = peak - before;
        ctx.log(`host memory during the upload: ${(before / 2 ** 20).toFixed(0)} MB → peak ${(peak / 2 ** 20).toFixed(0)} MB`);
        check(growth < source.size / 2, `host memory grew by ${(growth / 2 ** 20).toFixed(0)} MB while receiving a ${(source.size / 2 ** 20).toFixed(0)} MB file`);
      }
    } finally {
      await source.close();
      await rm(csvPath, { force: true });
    }

    // A run, then the same run again: the second comes from the worker's cache.
    const upload = await uploadFile(host, project.path, {
      name: 'iris.csv',
      size: (await stat(join(process.cwd(), 'examples', 'iris.csv'))).size,
      slice: (start, end) => ({ arrayBuffer: async () => new Uint8Array(await readSlice(join(process.cwd(), 'examples', 'iris.csv'), start, end)).buffer }),
    });
    const graph: Graph = {
      format: 'modelwright.graph',
      version: 1,
      metadata: { name: 'Big upload' },
      nodes: [
        { id: 'src', kind: 'csv-source', version: 1, params: { path: upload.path }, position: { x: 0, y: 0 } },
        { id: 'split', kind: 'split', version: 1, params: {}, position: { x: 240, y: 0 } },
      ],
      edges: [{ id: 'e', from: { node: 'src', port: 'table' }, to: { node: 'split', port: 'table' } }],
    };
    await host.saveProject({ projectPath: project.path, graph });
    const first = (await runToEnd(host, graph, project.path)).at(-1);
    equal(first?.type === 'run-finished' ? first.status : undefined, 'succeeded', 'status of the first run');
    const second = await runToEnd(host, graph, project.path);
    const cached = second.filter((e) => e.type === 'step-finished').map((e) => e.type === 'step-finished' && e.cached);
    equal(JSON.stringify(cached), '[true,true]', 'steps of the second run come from the cache');

    // The host goes away and comes back on the same port and token: the client reconnects.
    const states: string[] = [];
    host.onConnectionChange((state) => states.push(state));
    await ctx.restartHost(300);
    const reopened = await host.openProject({ path: project.path });
    equal(reopened.graph.nodes.length, 2, 'the saved graph after the host restarted');
    check(states.includes('reconnecting') && states.at(-1) === 'open', `connection states: ${states.join(' → ')}`);
  } finally {
    host.close();
  }
}

async function readSlice(path: string, start: number, end: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start, end: end - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
