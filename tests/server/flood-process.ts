import WebSocket from 'ws';

/**
 * A hostile client in its own process (so that its own work does not count in the test's event loop):
 * raw WebSockets speaking Engine.IO by hand, each saying hello as a phone and then sending as fast as the
 * socket takes it, without reading a reply, in one of three kinds:
 *   events:  socket.io events with acks (stories, reactions, clock pings),
 *   garbage: socket.io events of made-up names and payloads, and binary attachments,
 *   frames:  bare Engine.IO frames (noops, pongs).
 * When the server closes one it reconnects at once (ignoring retryAfter), until SIGTERM (the test pauses
 * it with SIGSTOP and resumes it with SIGCONT). Then it prints one JSON line: per kind the connections
 * opened, closed by the server, and refused.
 * Usage: flood-process.ts <ws url of /socket.io/>
 */
const [url] = process.argv.slice(2);
if (!url) throw new Error('usage: flood-process.ts <ws url>');
let endAt = Infinity;
process.stderr.write('flooding\n');
const KINDS = ['events', 'garbage', 'frames'] as const;
type Kind = (typeof KINDS)[number];
const stats = Object.fromEntries(KINDS.map((k) => [k, { opened: 0, dropped: 0, refused: 0, refusedWithRetryAfter: 0, byes: 0, sent: 0 }])) as Record<
  Kind,
  { opened: number; dropped: number; refused: number; refusedWithRetryAfter: number; byes: number; sent: number }
>;

let n = 0;
function frame(kind: Kind, i: number): string | Buffer {
  if (kind === 'frames') return i % 2 ? '6' : '3';
  if (kind === 'garbage') {
    if (i % 3 === 0) return `42["no-such-event-${i}",{"x":${i}}]`;
    if (i % 3 === 1) return `451-["story:submit",{"_placeholder":true,"num":0}]`;
    return Buffer.from([i & 255, 1, 2, 3]);
  }
  return i % 3 === 0
    ? `42${i}["story:submit",{"id":"flood-${process.pid}-${i}","text":"flood ${i}","emotion":"grief","material":"x","consent":true}]`
    : i % 3 === 1
      ? `42${i}["reaction",{"kind":"heart"}]`
      : `42${i}["clock:ping",0]`;
}

function open(kind: Kind): void {
  if (Date.now() > endAt) return;
  const s = stats[kind];
  const ws = new WebSocket(url as string);
  let opened = false;
  let closedByUs = false;
  let refused = false;
  ws.on('unexpected-response', (_req, res) => {
    refused = true;
    s.refused++;
    let body = '';
    res.on('data', (d: Buffer) => (body += d.toString()));
    res.on('end', () => {
      try {
        if (typeof JSON.parse(body).retryAfter === 'number') s.refusedWithRetryAfter++;
      } catch {
        /* not JSON */
      }
      setImmediate(() => open(kind));
    });
  });
  ws.on('error', () => {});
  ws.on('message', (m) => {
    const text = m.toString();
    if (text.startsWith('0')) {
      opened = true;
      s.opened++;
      ws.send('40');
      ws.send(`420["hello",{"role":"audience","clientId":"flooder-${process.pid}-${++n}"}]`);
      const burst = () => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (Date.now() > endAt) {
          closedByUs = true;
          ws.close();
          return;
        }
        // As fast as the socket drains, never more than 64 KB waiting (and without spinning while full).
        for (let i = 0; i < 50 && ws.bufferedAmount < 65_536; i++) ws.send(frame(kind, s.sent++));
        if (ws.bufferedAmount < 65_536) setImmediate(burst);
        else setTimeout(burst, 1);
      };
      burst();
    } else if (text.startsWith('42["bye"')) s.byes++;
  });
  ws.on('close', () => {
    if (opened && !closedByUs) s.dropped++;
    if (opened) setImmediate(() => open(kind));
    else if (!refused) setTimeout(() => open(kind), 10);
  });
}

for (const kind of KINDS) open(kind);
process.on('SIGTERM', () => {
  endAt = 0;
  process.stdout.write(`${JSON.stringify(stats)}\n`, () => process.exit(0));
});
