import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The floor of the fan-out benchmark: a bare `ws` server doing the least a show server must do to fan a
 * reaction out, on the same wire as Meshwork so that the benchmark's clients (raw-socket.ts) read both
 * the same way at the same cost. It speaks only what those clients use: the Engine.IO open packet, the
 * socket.io connect, pings at Meshwork's interval, a `hello` answered `{ ok: true }` (the connection is
 * then a viewer), and a `reaction` that gets the next seq and the server's time, is encoded once as
 * `42["events",[event]]` (the frame a Meshwork viewer receives), written to every viewer, and acknowledged
 * `{ ok: true, seq }`. No validation, no persistence, no rooms, no limits.
 */
export interface BareWsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Meshwork's heartbeat (server.ts): the floor pings as often, so its viewers answer as many pings. */
const PING_INTERVAL_MS = 10_000;

export async function startBareWsServer(): Promise<BareWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const viewers = new Set<WebSocket>();
  let seq = 0;
  let sids = 0;
  wss.on('connection', (socket) => {
    const sid = `bare${++sids}`;
    socket.send(`0${JSON.stringify({ sid, upgrades: [], pingInterval: PING_INTERVAL_MS, pingTimeout: PING_INTERVAL_MS, maxPayload: 1e6 })}`);
    const ping = setInterval(() => socket.send('2'), PING_INTERVAL_MS);
    socket.on('close', () => {
      clearInterval(ping);
      viewers.delete(socket);
    });
    socket.on('message', (data) => {
      const frame = String(data);
      if (frame === '40') return socket.send(`40{"sid":"${sid}"}`);
      // `42<id>["name",body]`: every request the benchmark sends asks for an ack.
      const m = /^42(\d+)\["(hello|reaction)",/.exec(frame);
      if (!m) return;
      const ack = (reply: object) => socket.send(`43${m[1]}${JSON.stringify([reply])}`);
      if (m[2] === 'hello') {
        viewers.add(socket);
        return ack({ ok: true });
      }
      const [, body] = JSON.parse(frame.slice(2 + (m[1] as string).length)) as [string, { kind: string }];
      seq += 1;
      const event = { type: 'reaction', kind: body.kind, seq, t: performance.now() / 1000 };
      const encoded = Buffer.from(`42${JSON.stringify(['events', [event]])}`);
      for (const v of viewers) v.send(encoded, { binary: false });
      ack({ ok: true, seq });
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
