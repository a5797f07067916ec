import type { EventLog } from '../core/event-log.ts';
import type { Installation } from '../core/installation.ts';
import { mixAt, scoreBetween, type ScoreNote, type SoundMix } from '../core/score/score.ts';
import type { Seconds } from '../core/units.ts';
import { ClockMap } from './clock-map.ts';

/** Where the scheduler sends what it decides: the SoundEngine. */
export interface NoteSink {
  configure(installation: Installation): void;
  play(note: ScoreNote, contextTime: Seconds): void;
  mix(mix: SoundMix, contextTime: Seconds): void;
}

/** What the scheduler reads: a ShowSource's installation and log. */
export interface ScoreSource {
  installation(): Installation;
  log(): EventLog;
}

export interface SchedulerOptions {
  /** How far ahead of now notes are scheduled (seconds). Default 0.3: three ticks of margin at 100 ms. */
  readonly lookahead?: Seconds;
  /** A note whose time has passed by less than this still plays, at once; later ones are dropped. Default 0.02. */
  readonly grace?: Seconds;
}

/**
 * Asks the score for the next window on every tick and schedules its notes at the context time that
 * corresponds to their shared time. Windows follow each other without gap or overlap ([until, now +
 * lookahead)), so every note is scheduled once. A device that joins late, wakes up, or sees the show clock
 * jump starts from now: it comes in in time with everyone else rather than from the start.
 */
export class SoundScheduler {
  readonly clock = new ClockMap();
  private until = Number.NaN;
  private installation: Installation | null = null;
  /** Ids of the notes already scheduled that may still be re-found by a refresh, with their shared time. */
  private readonly scheduled = new Map<string, Seconds>();
  private readonly lookahead: Seconds;
  private readonly grace: Seconds;

  constructor(
    private readonly sink: NoteSink,
    private readonly source: ScoreSource,
    options: SchedulerOptions = {},
  ) {
    this.lookahead = options.lookahead ?? 0.3;
    this.grace = options.grace ?? 0.02;
  }

  /**
   * One tick, given a reading of the shared clock and the context clock taken together, the output latency
   * to compensate, and the rate the show clock runs at (show seconds per context second: a replay's speed,
   * default 1; 0 or less schedules nothing and forgets the position, as a pause). The lookahead and grace
   * are context seconds: at 4x a window spans four times as much of the score. Returns how many notes it
   * scheduled.
   */
  tick(sharedNow: Seconds, contextNow: Seconds, latency: Seconds = 0, rate = 1): number {
    if (!(rate > 0) || !Number.isFinite(rate)) {
      this.reset();
      return 0;
    }
    this.clock.observe(sharedNow, contextNow, rate);
    const base = this.source.installation();
    const log = this.source.log();
    const installation = log.installationAt(base, sharedNow);
    if (installation !== this.installation) {
      this.installation = installation;
      this.sink.configure(installation);
    }
    const ahead = this.lookahead * rate;
    const grace = this.grace * rate;
    let from = this.until;
    if (!(from >= sharedNow - grace) || from > sharedNow + ahead + rate) from = sharedNow;
    const to = sharedNow + ahead;
    let count = 0;
    if (to > from) {
      this.sink.mix(mixAt(base, log, from), Math.max(contextNow, this.clock.toContext(from, latency)));
      for (const note of scoreBetween(base, log, from, to)) count += this.schedule(note, contextNow, latency);
      this.until = to;
    }
    for (const [id, t] of this.scheduled) if (t < sharedNow - grace) this.scheduled.delete(id);
    return count;
  }

  /**
   * The log changed (a story was approved, a reaction arrived): the notes its events add to the part already
   * scheduled are scheduled now. Notes already scheduled stay as they were.
   */
  refresh(sharedNow: Seconds, contextNow: Seconds, latency: Seconds = 0): number {
    if (!(this.until > sharedNow)) return 0;
    let count = 0;
    for (const note of scoreBetween(this.source.installation(), this.source.log(), sharedNow, this.until)) {
      if (!this.scheduled.has(note.id)) count += this.schedule(note, contextNow, latency);
    }
    return count;
  }

  /** Forget the position: the next tick starts from its now (after a pause or a seek). */
  reset(): void {
    this.until = Number.NaN;
    this.scheduled.clear();
  }

  private schedule(note: ScoreNote, contextNow: Seconds, latency: Seconds): number {
    const at = this.clock.toContext(note.t, latency);
    if (at < contextNow - this.grace) return 0;
    this.scheduled.set(note.id, note.t);
    // At another speed a note lasts its score length in show seconds, so its sound is that much shorter
    // or longer; its pitch stays.
    const rate = this.clock.rate;
    this.sink.play(rate === 1 ? note : { ...note, duration: note.duration / rate }, Math.max(at, contextNow));
    return 1;
  }
}
