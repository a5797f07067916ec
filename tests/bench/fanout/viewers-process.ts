import { randomBytes } from 'node:crypto';
import type { ShowEvent } from '../../../src/core/events.ts';
import type { Hello, Reply, Welcome } from '../../../src/net/protocol.ts';
import { nowMs, viewerAddress, type ViewersCommand, type ViewersReport } from './messages.ts';
import { RawSocket } from './raw-socket.ts';

/**
 * A child process holding a share of the benchmark's viewers: minimal socket.io clients (raw-socket.ts,
 * `hello` as role viewer), the same for every target so that the client side costs the same. Each viewer notes when every reaction arrived,
 * by seq; on `collect` the process turns that into latencies against the sender's send times.
 */
const send = (m: ViewersReport) => process.send?.(m);
/** Receipt time (ms) by seq, one map per viewer. */
const receipts: Map<number, number>[] = [];
let duplicates = 0;
/** Viewers whose connection ended before the bench stopped them (each loses what followed). */
let closedEarly = 0;
let lastCloseReason = '';
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

async function connectViewer(url: string, index: number): Promise<void> {
  const viewer = new Map<number, number>();
  receipts.push(viewer);
  const socket = await RawSocket.connect(url, { localAddress: viewerAddress(index) });
  closers.push(() => socket.close());
  socket.on('events', (args) => record(viewer, args[0] as readonly ShowEvent[]));
  socket.onClose = (reason) => {
    closedEarly += 1;
    lastCloseReason = reason;
  };
  const hello: Hello = { role: 'viewer', clientId: randomBytes(12).toString('base64url'), lastSeq: 0, display: 'bench' };
  const reply = await socket.request<Reply<Welcome>>('hello', hello);
  if (!reply.ok) throw new Error(`hello refused: ${reply.error}`);
}

async function connect(url: string, count: number, firstIndex: number): Promise<void> {
  const start = nowMs();
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + CONNECT_BATCH); j++) batch.push(connectViewer(url, firstIndex + j));
    await Promise.all(batch);
    send({ type: 'progress', connected: Math.min(count, i + CONNECT_BATCH) });
  }
  cpuAtReady = process.cpuUsage();
  send({ type: 'ready', connectMs: nowMs() - start });
}

process.on('message', (m: ViewersCommand) => {
  if (m.type === 'connect') {
    connect(m.url, m.count, m.firstIndex).catch((err: Error) => send({ type: 'error', message: err.message }));
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
    send({
      type: 'result',
      latenciesMs,
      expected: receipts.length * m.sent.length,
      duplicates,
      closed: closedEarly,
      ...(closedEarly ? { closeReason: lastCloseReason } : {}),
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  } else if (m.type === 'stop') {
    for (const close of closers) close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
