import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ShowEvent } from '../../../src/core/events.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/net/protocol.ts';
import { nowMs, viewerAddress, type Target, type ViewersCommand, type ViewersReport } from './messages.ts';

/**
 * A child process holding a share of the benchmark's viewers: bare WebSocket clients or socket.io viewers
 * (forceNew, websocket transport, `hello` as role viewer). Each viewer notes when every reaction arrived,
 * by seq; on `collect` the process turns that into latencies against the sender's send times.
 */
const send = (m: ViewersReport) => process.send?.(m);
/** Receipt time (ms) by seq, one map per viewer. */
const receipts: Map<number, number>[] = [];
let duplicates = 0;
let cpuAtReady: NodeJS.CpuUsage | undefined;
const closers: (() => void)[] = [];
/** Viewers connecting at once: enough to be quick, few enough not to time out handshakes. */
const CONNECT_BATCH = 50;

function record(viewer: Map<number, number>, events: readonly ShowEvent[]): void {
  const at = nowMs();
  for (const e of events) {
    if (e.type !== 'reaction') continue;
    if (viewer.has(e.seq)) duplicates += 1;
    else viewer.set(e.seq, at);
  }
}

function connectWs(url: string, index: number): Promise<void> {
  const viewer = new Map<number, number>();
  receipts.push(viewer);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress: viewerAddress(index), perMessageDeflate: false });
    ws.on('message', (data) => record(viewer, JSON.parse(String(data)) as ShowEvent[]));
    ws.once('open', () => resolve());
    ws.once('error', reject);
    closers.push(() => ws.terminate());
  });
}

function connectMeshwork(url: string, index: number): Promise<void> {
  const viewer = new Map<number, number>();
  receipts.push(viewer);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    forceNew: true,
    transports: ['websocket'],
    localAddress: viewerAddress(index),
    reconnection: false,
  } as Parameters<typeof io>[1]);
  socket.on('events', (events) => record(viewer, events));
  closers.push(() => socket.disconnect());
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      socket.emit('hello', { role: 'viewer', clientId: randomBytes(12).toString('base64url'), lastSeq: 0, display: 'bench' }, (reply) => {
        if (reply.ok) resolve();
        else reject(new Error(`hello refused: ${reply.error}`));
      });
    });
  });
}

async function connect(target: Target, url: string, count: number, firstIndex: number): Promise<void> {
  const start = nowMs();
  const one = target === 'ws' ? connectWs : connectMeshwork;
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + CONNECT_BATCH); j++) batch.push(one(url, firstIndex + j));
    await Promise.all(batch);
    send({ type: 'progress', connected: Math.min(count, i + CONNECT_BATCH) });
  }
  cpuAtReady = process.cpuUsage();
  send({ type: 'ready', connectMs: nowMs() - start });
}

process.on('message', (m: ViewersCommand) => {
  if (m.type === 'connect') {
    connect(m.target, m.url, m.count, m.firstIndex).catch((err: Error) => send({ type: 'error', message: err.message }));
  } else if (m.type === 'count') {
    let missing = 0;
    for (const viewer of receipts) for (const seq of m.seqs) if (!viewer.has(seq)) missing += 1;
    send({ type: 'count', missing });
  } else if (m.type === 'clock') {
    send({ type: 'clock', nowMs: nowMs() });
  } else if (m.type === 'collect') {
    const latenciesMs: number[] = [];
    for (const viewer of receipts) {
      for (const { seq, sentAtMs } of m.sent) {
        const at = viewer.get(seq);
        if (at !== undefined) latenciesMs.push(at - sentAtMs);
      }
    }
    const cpu = process.cpuUsage(cpuAtReady);
    send({ type: 'result', latenciesMs, expected: receipts.length * m.sent.length, duplicates, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (m.type === 'stop') {
    for (const close of closers) close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
