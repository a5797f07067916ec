import type { IncomingMessage } from 'node:http';
import type { Seconds } from '../src/core/units.ts';
import type { ErrorReply } from '../src/net/protocol.ts';
import { requestAddress } from './client-address.ts';
import { CONNECTIONS_PER_ADDRESS, CONNECTS_PER_ADDRESS, CONNECTS_WHEN_SLOWED, SLOWED_FOR, SLOWED_MAX } from './limits.ts';
import type { RateLimiter } from './rate-limit.ts';
import { rateLimited, refuse } from './replies.ts';

interface Slowed {
  until: Seconds;
  /** The length of the last penalty, doubled by the next flood while slowed. */
  length: Seconds;
}

/**
 * Admission of new socket connections per address, before Engine.IO allocates anything for them (its
 * `allowRequest`): at most CONNECTIONS_PER_ADDRESS live at once, new ones at CONNECTS_PER_ADDRESS, and
 * after a flood from an address (a connection of it dropped) at CONNECTS_WHEN_SLOWED for a while. Slowed
 * down rather than shut: the flooder may share its address with a whole room, whose connected clients keep
 * going and whose reconnections still get in, one a second. Memory: one counter per address with live
 * connections, one entry per slowed address (dropped when the penalty ends), buckets in the limiter.
 */
export class AddressGate {
  private readonly live = new Map<string, number>();
  private readonly slowed = new Map<string, Slowed>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly now: () => Seconds,
    private readonly trustProxy: boolean,
  ) {}

  address(req: IncomingMessage): string {
    return requestAddress(req, this.trustProxy);
  }

  /** Why a new connection from `address` is refused now, or undefined to let it in. */
  refusal(address: string): ErrorReply | undefined {
    const count = this.live.get(address) ?? 0;
    if (count >= CONNECTIONS_PER_ADDRESS) {
      return refuse(
        'rate-limited',
        'too-many-connections',
        `too many connections from this address (${count} open; a room may have ${CONNECTIONS_PER_ADDRESS})`,
        'close some, or try again in 5 s',
        { max: CONNECTIONS_PER_ADDRESS },
        5,
      );
    }
    const slowed = this.slowedNow(address);
    const wait = slowed ? this.limiter.take(`connect:slowed:${address}`, CONNECTS_WHEN_SLOWED) : this.limiter.take(`connect:${address}`, CONNECTS_PER_ADDRESS);
    if (wait <= 0) return undefined;
    return rateLimited(slowed ? 'new connections from this address, which is slowed down after a flood from it' : 'new connections from this address', wait);
  }

  /** Engine.IO's allowRequest: a refusal answers HTTP 403 (400 for a WebSocket upgrade) whose message is
   * the refusal as JSON, `{ ok: false, code, error, hint, retryAfter }`. */
  readonly allowRequest = (req: IncomingMessage, callback: (message: string | null | undefined, success: boolean) => void): void => {
    const refused = this.refusal(this.address(req));
    callback(refused ? JSON.stringify(refused) : null, refused === undefined);
  };

  opened(address: string): void {
    this.live.set(address, (this.live.get(address) ?? 0) + 1);
  }

  closed(address: string): void {
    const count = (this.live.get(address) ?? 1) - 1;
    if (count > 0) this.live.set(address, count);
    else this.live.delete(address);
  }

  /** A connection from `address` was dropped for flooding: slow the address down (longer each time). */
  slowDown(address: string): Seconds {
    const now = this.now();
    const before = this.slowedNow(address);
    const length = before ? Math.min(SLOWED_MAX, before.length * 2) : SLOWED_FOR;
    this.slowed.set(address, { until: now + length, length });
    return length;
  }

  private slowedNow(address: string): Slowed | undefined {
    const s = this.slowed.get(address);
    if (s && s.until <= this.now()) {
      this.slowed.delete(address);
      return undefined;
    }
    return s;
  }

  /** Forgets penalties that have ended (called with the limiter's sweep). */
  sweep(): void {
    const now = this.now();
    for (const [address, s] of this.slowed) if (s.until <= now) this.slowed.delete(address);
  }

  /** For tests and the soak bench: what the gate holds. */
  get size(): { readonly addresses: number; readonly slowed: number } {
    return { addresses: this.live.size, slowed: this.slowed.size };
  }
}
