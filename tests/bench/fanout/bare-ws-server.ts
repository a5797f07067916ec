import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The floor of the fan-out benchmark: a bare `ws` server doing the least a show server must do to fan a
 * reaction out. The sender connects to `/send` and sends `{ type: 'reaction', kind }`; the server gives it
 * the next seq and its time, encodes `[event]` once (the same JSON a Meshwork viewer receives in its
 * `events` message), writes it to every viewer, and acknowledges `{ seq }` to the sender. No validation,
 * no persistence, no rooms, no framing beyond WebSocket's.
 */
export interface BareWsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startBareWsServer(): Promise<BareWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const viewers = new Set<WebSocket>();
  let seq = 0;
  wss.on('connection', (socket, request) => {
    if (request.url !== '/send') {
      viewers.add(socket);
      socket.on('close', () => viewers.delete(socket));
      return;
    }
    socket.on('message', (data) => {
      const body = JSON.parse(String(data)) as { type: 'reaction'; kind: string };
      seq += 1;
      const frame = JSON.stringify([{ type: 'reaction', kind: body.kind, seq, t: performance.now() / 1000 }]);
      for (const v of viewers) v.send(frame);
      socket.send(JSON.stringify({ seq }));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
