import { connect as tcp } from 'node:net';

/** Raw HTTP over TCP for the hostile-visitor tests (http-fuzz, http-connections): what the server answered
 * on a connection, read by the responses' framing. */

/** The status of each response in what a connection received (responses are read by their framing, so a
 * status line inside a body is not counted). */
export function statusesOf(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  const statuses: number[] = [];
  let at = 0;
  while (at < text.length) {
    const line = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text.slice(at, at + 200));
    if (!line) break;
    statuses.push(Number(line[1]));
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = text.slice(at, headEnd).toLowerCase();
    at = headEnd + 4;
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    if (length) at += Number(length[1]);
    else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      for (;;) {
        const eol = text.indexOf('\r\n', at);
        if (eol < 0) return statuses;
        const size = parseInt(text.slice(at, eol), 16);
        at = eol + 2 + size + 2;
        if (!(size > 0)) break;
      }
    } else if (!/^HTTP\/1\.[01] (1\d\d|204|304)/.test(text.slice(at - 4 - head.length, at))) break; // body runs to the close
  }
  return statuses;
}

/** Asks the server to close once everything before it is answered (and shows it was all answered). */
export const CLOSER = 'GET /api/show HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

/** Sends one connection's bytes and collects the answers until the server closes. A request the server
 * still waits on (a body shorter than its Content-Length, a cut request) is ended from our side after a
 * quiet spell, as a peer going away does. */
export function send(port: number, wire: Buffer, chunk: number, cut: boolean): Promise<number[]> {
  return new Promise((done, reject) => {
    const socket = tcp({ host: '127.0.0.1', port });
    const got: Buffer[] = [];
    let idle: ReturnType<typeof setTimeout> | undefined;
    const quiet = () => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.end(), cut ? 50 : 400);
    };
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 60 s for ${JSON.stringify(wire.subarray(0, 200).toString('latin1'))}`));
    }, 60_000);
    socket.on('data', (d) => {
      got.push(d);
      quiet();
    });
    socket.on('error', () => {}); // a reset from the server ends the exchange like a close
    socket.on('close', () => {
      clearTimeout(guard);
      clearTimeout(idle);
      done(statusesOf(Buffer.concat(got)));
    });
    socket.on('connect', () => {
      // Written in pieces, as a slow link delivers it.
      for (let i = 0; i < wire.length; i += chunk) socket.write(wire.subarray(i, i + chunk));
      if (!cut) socket.write(CLOSER);
      quiet();
    });
  });
}
