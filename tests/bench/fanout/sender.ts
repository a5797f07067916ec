import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/net/protocol.ts';
import { nowMs, type Target } from './messages.ts';

/** One sent message: the seq the server gave it and when it left the sender. */
export interface Sent {
  readonly seq: number;
  readonly sentAtMs: number;
}

/** A message the server refused (it then broadcasts nothing); the bench counts and reports these. */
export interface Refused {
  readonly refused: string;
}

export interface Sender {
  /** Sends one reaction; resolves once the server answered: with its seq, or why it refused it. */
  send(): Promise<Sent | Refused>;
  close(): void;
}

/** The reaction the benchmark sends: the event viewers receive is ~85 bytes of JSON (~100 with framing). */
export const BENCH_REACTION = { kind: 'heart', material: 'pfas-raincoat' } as const;

export async function openSender(target: Target, url: string, operatorToken?: string): Promise<Sender> {
  // Both Meshwork targets speak the same protocol.
  return target === 'ws' ? openWsSender(url) : openMeshworkSender(url, operatorToken ?? '');
}

async function openWsSender(url: string): Promise<Sender> {
  const ws = new WebSocket(`${url}/send`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // The bare server acknowledges in order on one connection: a FIFO of waiting sends is enough.
  const waiting: ((seq: number) => void)[] = [];
  ws.on('message', (data) => waiting.shift()?.((JSON.parse(String(data)) as { seq: number }).seq));
  return {
    send: () =>
      new Promise((resolve) => {
        const sentAtMs = nowMs();
        waiting.push((seq) => resolve({ seq, sentAtMs }));
        ws.send(JSON.stringify({ type: 'reaction', ...BENCH_REACTION }));
      }),
    close: () => ws.terminate(),
  };
}

/**
 * The Meshwork sender is an operator on several connections used in turn: the server allows any one
 * connection 20 messages/s (a burst of 60), measured on its own clock when it reads them, so a server
 * starved of CPU for a few seconds reads a backlog as a burst. Four connections at 7.5/s each stay far
 * from that. The installation's reaction limit is raised in the bench's copy (server-process.ts).
 */
export const SENDER_CONNECTIONS = 4;

async function openMeshworkSender(url: string, token: string): Promise<Sender> {
  const sockets = await Promise.all(Array.from({ length: SENDER_CONNECTIONS }, () => operator(url, token)));
  let turn = 0;
  return {
    send: () =>
      new Promise((resolve) => {
        const socket = sockets[turn++ % sockets.length] as Socket<ServerToClientEvents, ClientToServerEvents>;
        const sentAtMs = nowMs();
        socket.emit('reaction', BENCH_REACTION, (reply) => {
          resolve(reply.ok ? { seq: reply.seq, sentAtMs } : { refused: reply.error });
        });
      }),
    close: () => {
      for (const s of sockets) s.disconnect();
    },
  };
}

function operator(url: string, token: string): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { forceNew: true, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      socket.emit('hello', { role: 'operator', clientId: randomBytes(12).toString('base64url'), token, lastSeq: 0 }, (reply) => {
        if (reply.ok) resolve(socket);
        else reject(new Error(`operator hello refused: ${reply.error}`));
      });
    });
  });
}
