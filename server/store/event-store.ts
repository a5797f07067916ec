import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import type { Seconds } from '../../src/core/units.ts';

/**
 * Where a show's log lives. The embedded default is SQLite on disk (one server process); with several
 * server processes the log lives in Redis, shared by all of them. Rules every implementation keeps:
 * - `append` gives the event the next seq (1, 2, 3 ... without gaps, across every process sharing the
 *   store) and resolves only once the event is durable: an acknowledged event survives a crash.
 * - `t` never decreases along seq: an append whose clock reads earlier than the last event takes that
 *   event's t.
 * - The store keeps every event; nothing is ever rewritten or deleted.
 * - Idempotency: an append with a `dedupeKey` already stored resolves to the stored event instead of a
 *   new one (a phone that retries a story never makes a duplicate).
 */
export interface EventStore {
  /** Appends one event at shared-clock time `t`. */
  append(body: EventBody, t: Seconds, options?: AppendOptions): Promise<AppendResult>;
  /** Every event with seq > `afterSeq`, in seq order. */
  since(afterSeq: number): Promise<readonly ShowEvent[]>;
  /** The highest seq stored (0 when empty). */
  lastSeq(): Promise<number>;
  /** Called for events appended by other processes sharing the store (Redis); returns its cleanup.
   * A single-process store never calls it. */
  onForeignEvents?(listener: (events: readonly ShowEvent[]) => void): () => void;
  /** The Unix time (ms) of the show's t = 0, kept with the log so a restarted (or a second) process
   * continues the same show clock. The first call stores `proposedMs` and returns it; every later call
   * returns the stored value. Without it, a restarted server resumes t from the last event's t. */
  clockOriginMs?(proposedMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface AppendOptions {
  /** E.g. `story:<id>`: a second append with the same key returns the first event. */
  readonly dedupeKey?: string;
}

export interface AppendResult {
  readonly event: ShowEvent;
  /** False when `dedupeKey` matched an event already stored. */
  readonly created: boolean;
}
