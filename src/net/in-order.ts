import type { EventLog } from '../core/event-log.ts';
import type { ShowEvent } from '../core/events.ts';

/**
 * Events applied to a log strictly in seq order, each once, whatever order and how many times they arrive:
 * one already held (seq <= lastSeq) is skipped, one that arrives early waits until the ones before it are
 * in. `waiting` > 0 means a gap: something before the waiting events has not arrived (the replica fetches
 * it). Waiting events are held once per seq, so a flood of copies costs no memory.
 */
export class InOrder {
  private readonly early = new Map<number, ShowEvent>();

  constructor(private target: EventLog) {}

  get log(): EventLog {
    return this.target;
  }

  /** Events held back until the gap before them is filled. */
  get waiting(): number {
    return this.early.size;
  }

  /** Takes events; returns true when the log grew. */
  take(events: readonly ShowEvent[]): boolean {
    const log = this.target;
    for (const e of events) if (e.seq > log.lastSeq) this.early.set(e.seq, e);
    let grew = false;
    for (let next = this.early.get(log.lastSeq + 1); next; next = this.early.get(log.lastSeq + 1)) {
      this.early.delete(next.seq);
      log.append(next);
      grew = true;
    }
    return grew;
  }

  /** Starts again on another log (a new show): what was waiting belonged to the old one. */
  reset(log: EventLog): void {
    this.target = log;
    this.early.clear();
  }
}
