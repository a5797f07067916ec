import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Reply, Welcome } from '../../src/net/protocol.ts';
import type { RunningServer } from '../../server/server.ts';
import { startBareWsServer, type BareWsServer } from './fanout/bare-ws-server.ts';
import { RawSocket } from './fanout/raw-socket.ts';
import { clientId, demoCopy, removeDir, startTestServer, TOKEN, until } from '../server/show-server.ts';

/** The benchmarks' minimal client speaks to a real Meshwork server and to the bare floor alike: hello,
 * a request with its ack, and the `events` pushes, so the figures compare the same client work. */
let dir: string;
let meshwork: RunningServer;
let bare: BareWsServer;
beforeAll(async () => {
  dir = demoCopy();
  meshwork = await startTestServer(dir, { watch: false });
  bare = await startBareWsServer();
});
afterAll(async () => {
  await meshwork.close();
  await bare.close();
  removeDir(dir);
});

describe.each([
  ['Meshwork', () => meshwork.url],
  ['the bare ws floor', () => bare.url],
])('the raw socket.io client against %s', (_name, url) => {
  it('says hello, gets its reaction acknowledged, and receives it as an event', async () => {
    const viewer = await RawSocket.connect(url());
    const sender = await RawSocket.connect(url());
    const heard: ShowEvent[] = [];
    viewer.on('events', (args) => heard.push(...(args[0] as ShowEvent[])));
    try {
      const welcome = await viewer.request<Reply<Welcome>>('hello', { role: 'viewer', clientId: clientId('raw'), lastSeq: 0 });
      expect(welcome.ok).toBe(true);
      const op = await sender.request<Reply<Welcome>>('hello', { role: 'operator', clientId: clientId('raw-op'), lastSeq: 0, token: TOKEN });
      expect(op.ok).toBe(true);
      const acks = await Promise.all([1, 2, 3].map(() => sender.request<Reply<{ seq: number }>>('reaction', { kind: 'heart' })));
      const seqs = acks.map((a) => (a.ok ? a.seq : Number.NaN));
      expect(seqs.every(Number.isInteger)).toBe(true);
      await until(() => seqs.every((s) => heard.some((e) => e.seq === s && e.type === 'reaction')), 30_000);
    } finally {
      viewer.close();
      sender.close();
    }
  }, 60_000);
});
