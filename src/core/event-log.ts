import type { EventBody, ShowEvent, StoryBody } from './events.ts';
import type { Installation } from './installation.ts';
import { unhandled } from './never.ts';
import type { Seconds } from './units.ts';

type Ev<T extends EventBody['type']> = ShowEvent<Extract<EventBody, { type: T }>>;

export interface EventLogOptions {
  /** The log a viewer or a phone keeps (a view of the public log, see projection.ts): a `story-hidden`
   * drops the hidden story's text from the events already held, so a client that was connected all along
   * holds exactly the log a client joining later is sent. Default false (the operator's and the server's
   * log keep everything). */
  readonly redactHidden?: boolean;
}

/**
 * The ordered, append-only log of a show, with the indexes that make showAt cost O(active events) rather
 * than O(log): one time-sorted list per kind of event, searched by bisection. Appending is O(1).
 *
 * Rules it relies on and enforces: `seq` runs 1, 2, 3 ... without gaps, and `t` never decreases with `seq`.
 */
export class EventLog {
  private readonly all: ShowEvent[] = [];
  /** Per-kind indexes, each sorted by t (because the log is). */
  readonly cues: Ev<'cue'>[] = [];
  readonly glitches: Ev<'glitch'>[] = [];
  readonly blackouts: Ev<'blackout'>[] = [];
  /** Holds and releases, changes only: a hold while held (or a release while running) adds nothing, so the
   * list alternates on, off, on ... from an `on` (src/core/stage.ts relies on it). */
  readonly holds: Ev<'hold'>[] = [];
  readonly stories: Ev<'story'>[] = [];
  readonly approvals: Ev<'story-approved'>[] = [];
  readonly reactions: Ev<'reaction'>[] = [];
  readonly installations: Ev<'installation'>[] = [];
  /** Story id -> the story event. */
  readonly storyById = new Map<string, Ev<'story'>>();
  /** Story id -> time of its first approval / first hiding. */
  readonly approvedAt = new Map<string, Seconds>();
  readonly hiddenAt = new Map<string, Seconds>();

  constructor(private readonly options: EventLogOptions = {}) {}

  /** Builds a log from events in any order (sorted by seq). */
  static from(events: Iterable<ShowEvent>, options?: EventLogOptions): EventLog {
    const log = new EventLog(options);
    for (const e of [...events].sort((a, b) => a.seq - b.seq)) log.append(e);
    return log;
  }

  get length(): number {
    return this.all.length;
  }

  get lastSeq(): number {
    return this.all.length === 0 ? 0 : (this.all[this.all.length - 1] as ShowEvent).seq;
  }

  get lastT(): Seconds {
    return this.all.length === 0 ? -Infinity : (this.all[this.all.length - 1] as ShowEvent).t;
  }

  get events(): readonly ShowEvent[] {
    return this.all;
  }

  /** Events with seq > `seq`, in order (what a reconnecting client is missing). */
  since(seq: number): readonly ShowEvent[] {
    const first = this.all[0]?.seq ?? 1;
    return this.all.slice(Math.max(0, seq - first + 1));
  }

  append(e: ShowEvent): void {
    const expected = this.lastSeq + 1;
    if (this.all.length > 0 && e.seq !== expected) {
      throw new RangeError(`event seq ${e.seq} does not follow ${this.lastSeq}: the log needs seq ${expected} next`);
    }
    if (!Number.isFinite(e.t) || e.t < this.lastT) {
      throw new RangeError(`event seq ${e.seq} has t=${e.t}, before the previous event's t=${this.lastT}: time never runs back in a log`);
    }
    this.all.push(e);
    switch (e.type) {
      case 'withheld':
        break;
      case 'cue':
        this.cues.push(e as Ev<'cue'>);
        break;
      case 'glitch':
        this.glitches.push(e as Ev<'glitch'>);
        break;
      case 'blackout':
        this.blackouts.push(e as Ev<'blackout'>);
        break;
      case 'hold': {
        const h = e as Ev<'hold'>;
        if (h.on !== (this.holds.at(-1)?.on ?? false)) this.holds.push(h);
        break;
      }
      case 'story': {
        const s = e as ShowEvent<StoryBody>;
        if (!this.storyById.has(s.id)) {
          this.stories.push(s);
          this.storyById.set(s.id, s);
        }
        break;
      }
      case 'story-approved': {
        // In the public log, the approval brings the story that was withheld at its own seq.
        const revealed = (e as Ev<'story-approved'>).story;
        if (revealed && !this.storyById.has(e.id)) this.storyById.set(e.id, revealed);
        if (!this.approvedAt.has(e.id)) {
          this.approvedAt.set(e.id, e.t);
          this.approvals.push(e as Ev<'story-approved'>);
        }
        break;
      }
      case 'story-hidden':
        if (!this.hiddenAt.has(e.id)) this.hiddenAt.set(e.id, e.t);
        if (this.options.redactHidden) this.redact(e.id);
        break;
      case 'reaction':
        this.reactions.push(e as Ev<'reaction'>);
        break;
      case 'installation':
        this.installations.push(e as Ev<'installation'>);
        break;
      default:
        // An unknown type is kept in order (seq stays gapless) and feeds no index.
        unhandled(e, undefined);
    }
  }

  /** Drops a hidden story's text: its own event becomes `withheld` and an approval that carried it keeps
   * only the id. O(n) per call: hidings are rare. */
  private redact(id: string): void {
    const first = this.all[0]?.seq ?? 1;
    const story = this.storyById.get(id);
    if (story) {
      this.storyById.delete(id);
      const at = story.seq - first;
      if (this.all[at] === story) this.all[at] = { type: 'withheld', seq: story.seq, t: story.t };
      const i = this.stories.indexOf(story);
      if (i >= 0) this.stories.splice(i, 1);
    }
    const j = this.approvals.findIndex((a) => a.id === id);
    const approval = this.approvals[j];
    if (approval?.story) {
      const plain: Ev<'story-approved'> = { type: 'story-approved', id, seq: approval.seq, t: approval.t };
      this.approvals[j] = plain;
      const at = approval.seq - first;
      if (this.all[at] === approval) this.all[at] = plain;
    }
  }

  /** The last event with t <= `t` in a time-sorted list, as an index (-1 if none). */
  static lastAtOrBefore(list: readonly { readonly t: Seconds }[], t: Seconds): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as { t: Seconds }).t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The installation in force at t: the last version event at or before t, else `base`. */
  installationAt(base: Installation, t: Seconds): Installation {
    const i = EventLog.lastAtOrBefore(this.installations, t);
    return i < 0 ? base : (this.installations[i] as Ev<'installation'>).installation;
  }

  /** The installation in force when event `seq` was appended: the last version event before it in seq
   * order, else `base`. (By seq, not t: events may share a t, and seq is the order the server decided.) */
  installationBefore<B extends Installation | undefined>(base: B, seq: number): Installation | B {
    let lo = 0;
    let hi = this.installations.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.installations[mid] as Ev<'installation'>).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? base : (this.installations[lo - 1] as Ev<'installation'>).installation;
  }

  /** Seq of the last event at or before t (0 if none). */
  seqAt(t: Seconds): number {
    const i = EventLog.lastAtOrBefore(this.all, t);
    return i < 0 ? 0 : (this.all[i] as ShowEvent).seq;
  }
}

/** Which show a log is: its first event's time on the show clock, which every view of the log keeps (a
 * withheld marker keeps seq and t). Two shows of one server (a new show after the last) start at other
 * times, so a client compares this with the server's `Welcome.show` to know its log is the server's show.
 * Undefined for an empty log. */
export function showIdentity(log: EventLog): string | undefined {
  const first = log.events[0];
  return first === undefined ? undefined : `t0:${first.t}`;
}
