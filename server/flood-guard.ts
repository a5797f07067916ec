import type { Seconds } from '../src/core/units.ts';
import { FRAMES_PER_CONNECTION, MESSAGES_PER_CONNECTION, REFUSED_PER_CONNECTION } from './limits.ts';
import { TokenBucket } from './rate-limit.ts';

/**
 * One connection's flood limits. Its buckets live with the connection (nothing is left behind when it
 * closes). Every Engine.IO frame counts (`frame`), every socket.io event too (`event`): an event over its
 * limit is refused with the wait; a connection that keeps sending while refused, or that sends frames
 * faster than any client does, is a flood, reported once through `onFlood` (the caller drops it).
 */
export class FloodGuard {
  private readonly frames: TokenBucket;
  private readonly messages: TokenBucket;
  private readonly refused: TokenBucket;
  private flooded = false;
  /** When the last refusal said the connection may send again. */
  private retryAt: Seconds = -Infinity;

  constructor(
    private readonly now: () => Seconds,
    private readonly onFlood: (why: string) => void,
  ) {
    this.frames = new TokenBucket(FRAMES_PER_CONNECTION, now);
    this.messages = new TokenBucket(MESSAGES_PER_CONNECTION, now);
    this.refused = new TokenBucket(REFUSED_PER_CONNECTION, now);
  }

  private flood(why: string): void {
    if (this.flooded) return;
    this.flooded = true;
    this.onFlood(why);
  }

  /** Counts one inbound Engine.IO frame. */
  frame(): void {
    if (this.frames.take() > 0) this.flood(`more than ${FRAMES_PER_CONNECTION.perSecond} frames a second`);
  }

  /** Counts one event: 0 when it may run, else the seconds to wait (or Infinity once dropped). */
  event(): Seconds {
    if (this.flooded) return Infinity;
    const wait = this.messages.take();
    if (wait <= 0) return 0;
    // Refused: a strike only when sent before the last refusal's retryAfter (a client that waits is fine).
    const now = this.now();
    if (now < this.retryAt && this.refused.take() > 0) this.flood(`kept sending before its retryAfter, ${REFUSED_PER_CONNECTION.burst} times`);
    this.retryAt = Math.max(this.retryAt, now + wait);
    return this.flooded ? Infinity : wait;
  }

  get dropped(): boolean {
    return this.flooded;
  }
}
