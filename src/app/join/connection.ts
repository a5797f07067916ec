import type { ErrorReply } from '../../net/protocol.ts';
import type { ReplicaState } from '../../net/replica.ts';
import en, { type Catalogue } from './catalogue/en.ts';
import { refusalText } from './answer.ts';

/** What the phone shows about its connection. */
export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'joined' }
  | { readonly kind: 'reconnecting'; readonly attempt: number }
  /** The installation sets a join code and this one is missing or wrong. */
  | { readonly kind: 'code'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/** True when a refused hello is about the join code, so the phone asks for it instead of giving up. (An
 * audience hello is `unauthorized` only for its join code.) */
export function isJoinCodeError(reply: ErrorReply): boolean {
  return reply.code === 'unauthorized';
}

/** The phone's words for the replica's state (src/net/replica.ts joins, retries and keeps the show). A
 * server that is busy says so while the replica waits to try again; a join code is asked for. */
export function connectionState(state: ReplicaState, t: Catalogue = en): ConnectionState {
  const refusal = state.refusal;
  if (state.status === 'joined') return { kind: 'joined' };
  if (refusal && isJoinCodeError(refusal)) return { kind: 'code', message: refusalText(refusal, t) };
  if (refusal) return { kind: 'refused', message: refusalText(refusal, t) };
  if (state.status === 'connecting') return { kind: 'connecting' };
  return { kind: 'reconnecting', attempt: state.attempt };
}

export function sameConnectionState(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.kind === b.kind &&
    ('message' in a ? a.message : 0) === ('message' in b ? b.message : 0) &&
    ('attempt' in a ? a.attempt : 0) === ('attempt' in b ? b.attempt : 0)
  );
}
