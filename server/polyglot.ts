import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { Server as HttpServer } from 'node:http';

/** First byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing for this long is closed (ms). */
const FIRST_BYTE_TIMEOUT_MS = 15_000;

/**
 * One port for HTTPS and plain HTTP: the first byte of a connection tells a TLS handshake from an HTTP
 * request. HTTPS is what headsets on the LAN need (WebXR wants a secure context); plain HTTP serves
 * http://localhost:PORT through `adb reverse`, where a headset needs no certificate. Both reach the same
 * HTTP server (and socket.io on it).
 */
export interface Polyglot {
  readonly server: NetServer;
  /** Ends every open connection (keep-alive ones too): the HTTP server cannot, as it never listened. */
  destroyConnections(): void;
}

export function polyglotServer(http: HttpServer, tls: { key: string; cert: string }): Polyglot {
  const secureContext = createSecureContext(tls);
  const open = new Set<Socket>();
  const server = createNetServer({ pauseOnConnect: true }, (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // 'on', not 'once': a socket can emit 'error' more than once, and an unheard one ends the process.
    socket.on('error', () => socket.destroy());
    // Until its first byte a connection belongs to no HTTP server, so none of its timeouts apply yet.
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) {
        const secure = new TLSSocket(socket, { isServer: true, secureContext });
        secure.on('error', () => secure.destroy());
        http.emit('connection', secure);
      } else {
        http.emit('connection', socket);
      }
      process.nextTick(() => socket.resume());
    });
    socket.resume();
  });
  return {
    server,
    destroyConnections() {
      for (const socket of open) socket.destroy();
    },
  };
}
