import { randomBytes } from 'node:crypto';
import type { Hello, Reply, Welcome } from '../../../src/net/protocol.ts';
import { nowMs } from './messages.ts';
import { RawSocket } from './raw-socket.ts';

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

export async function openSender(url: string, operatorToken?: string): Promise<Sender> {
  // Every target speaks the same protocol to the same raw clients (the bare floor answers any token).
  const sockets = await Promise.all(Array.from({ length: SENDER_CONNECTIONS }, () => operator(url, operatorToken ?? '')));
  let turn = 0;
  return {
    send: async () => {
      const socket = sockets[turn++ % sockets.length] as RawSocket;
      const sentAtMs = nowMs();
      const reply = await socket.request<Reply<{ seq: number }>>('reaction', BENCH_REACTION);
      return reply.ok ? { seq: reply.seq, sentAtMs } : { refused: reply.error };
    },
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}

/**
 * The sender is an operator on several connections used in turn: the server allows any one connection 20
 * messages/s (a burst of 60), measured on its own clock when it reads them, so a server starved of CPU for
 * a few seconds reads a backlog as a burst. Four connections at 7.5/s each stay far from that. The
 * installation's reaction limit is raised in the bench's copy (server-process.ts). The floor gets the same
 * four connections (each also receives the broadcast, as an operator does).
 */
export const SENDER_CONNECTIONS = 4;

async function operator(url: string, token: string): Promise<RawSocket> {
  const socket = await RawSocket.connect(url);
  const hello: Hello = { role: 'operator', clientId: randomBytes(12).toString('base64url'), token, lastSeq: 0 };
  const reply = await socket.request<Reply<Welcome>>('hello', hello);
  if (!reply.ok) {
    socket.close();
    throw new Error(`operator hello refused: ${reply.error}`);
  }
  return socket;
}
