import { performance } from 'node:perf_hooks';
import { EventLog } from '../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import type { Seconds } from '../src/core/units.ts';
import type { AppendOptions, AppendResult, EventStore } from './store/event-store.ts';

export type LogListener = (events: readonly ShowEvent[]) => void;

/**
 * The show as this server process holds it: the shared clock, an in-memory mirror of the store's log
 * (an EventLog, for the projections and the checks every request makes), and the installation in force.
 *
 * Rules:
 * - The clock is monotonic within a process (performance.now) and anchored to the show's origin in Unix
 *   time, which the store keeps: a restarted server continues the same t.
 * - The mirror applies events strictly in seq order. Appends resolve in seq order in one process, but
 *   events of other processes (a shared Redis store) may arrive around ours: they wait in `pending` until
 *   the gap before them is filled, and a gap that stays open is filled from the store.
 * - Listeners hear every event once, in seq order, whichever process appended it.
 */
export class ShowLog {
  readonly log: EventLog;
  private readonly pending = new Map<number, ShowEvent>();
  private readonly listeners = new Set<LogListener>();
  private readonly monoOriginMs: number;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribeForeign: (() => void) | undefined;

  private constructor(
    private readonly store: EventStore,
    events: readonly ShowEvent[],
    originMs: number,
  ) {
    this.log = EventLog.from(events);
    this.monoOriginMs = performance.now() - (Date.now() - originMs);
    this.unsubscribeForeign = store.onForeignEvents?.((es) => this.apply(es));
  }

  static async open(store: EventStore): Promise<ShowLog> {
    const events = await store.since(0);
    const lastT = events.length > 0 ? (events[events.length - 1] as ShowEvent).t : 0;
    // Without a stored origin, resume t from the last event (the downtime is skipped, t never runs back).
    const originMs = store.clockOriginMs ? await store.clockOriginMs(Date.now()) : Date.now() - lastT * 1000;
    return new ShowLog(store, events, originMs);
  }

  /** Now on the shared clock (seconds since the show's origin). */
  now(): Seconds {
    return (performance.now() - this.monoOriginMs) / 1000;
  }

  /** The show's first installation (the base showAt starts from), if any was appended. */
  base(): Installation | undefined {
    return this.log.installations[0]?.installation;
  }

  /** The installation in force now: the last one appended. */
  current(): Installation | undefined {
    const list = this.log.installations;
    return list[list.length - 1]?.installation;
  }

  /** Appends at the shared clock's now; resolves once the event is durable and in the mirror. */
  async append(body: EventBody, options?: AppendOptions): Promise<AppendResult> {
    const result = await this.store.append(body, this.now(), options);
    if (result.created) this.apply([result.event]);
    else if (result.event.seq > this.log.lastSeq) await this.catchUp();
    return result;
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(events: readonly ShowEvent[]): void {
    for (const event of events) {
      if (event.seq > this.log.lastSeq && !this.pending.has(event.seq)) this.pending.set(event.seq, event);
    }
    const ready: ShowEvent[] = [];
    for (let next = this.pending.get(this.log.lastSeq + 1); next; next = this.pending.get(this.log.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.log.append(next);
      ready.push(next);
    }
    if (ready.length > 0) for (const l of this.listeners) l(ready);
    if (this.pending.size > 0 && !this.gapTimer) {
      // A failed fetch (the store is closing or unreachable) is retried by the next event's gap.
      this.gapTimer = setTimeout(() => void this.catchUp().catch(() => undefined), 200);
    }
  }

  /** Fills a gap from the store (events another process appended that were not announced to us yet). */
  private async catchUp(): Promise<void> {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    const missing = await this.store.since(this.log.lastSeq);
    this.apply(missing);
  }

  close(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.unsubscribeForeign?.();
    this.listeners.clear();
  }
}
