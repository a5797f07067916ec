import type { Server as NetServer, Socket } from 'node:net';
import { rawResponse, throttled, type Log } from './http.ts';

/**
 * A ceiling on the TCP connections one address holds open at once. It is sized for a room, not a person:
 * hundreds of phones behind one guest Wi-Fi router share one address, each with a socket and now and then
 * a page or asset request, so the ceiling only stops one machine from exhausting the server's sockets.
 * Over it, a new connection is answered 503 (plain HTTP; a TLS client sees the connection close) and closed.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 512;

export interface ConnectionCap {
  /** Open connections of an address (for tests and the log). */
  open(address: string): number;
}

export function capConnections(server: NetServer, perAddress: number, log: Log): ConnectionCap {
  const open = new Map<string, number>();
  const say = throttled(log);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const n = open.get(address) ?? 0;
    if (n >= perAddress) {
      say(`refused a connection from ${address}: it already holds ${n}, the most one address may (${perAddress})`);
      socket.on('error', () => socket.destroy());
      socket.end(
        rawResponse(503, {
          error: `too many connections from this address (${perAddress} at most at once)`,
          hint: 'close some pages or tabs on this network, then reload',
        }),
      );
      socket.setTimeout(2000, () => socket.destroy());
      return;
    }
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return { open: (address) => open.get(address) ?? 0 };
}
