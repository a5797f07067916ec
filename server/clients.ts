import type { ClientInfo, Role, Stats } from '../src/net/protocol.ts';
import type { Seconds } from '../src/core/units.ts';

/** One connection that said hello. */
export interface Session {
  readonly socketId: string;
  readonly role: Role;
  readonly clientId: string;
  /** The device id (devices.ts) its limits count against. */
  readonly device: string;
  readonly display?: string;
  readonly address: string;
  readonly connectedAt: Seconds;
  readonly reconnects: number;
  stats: Stats;
  /** The shared clock when `stats` arrived (the console compares it with stats.t to see drift). */
  statsAt?: Seconds;
  latencyMs?: number;
}

/**
 * The connected clients, for the operator's console. A client id seen again (a reload, a reconnect after
 * a network drop) counts as a reconnect. Memory: one counter per client id ever seen in this process,
 * capped (the oldest are forgotten first).
 */
export class ClientRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly seen = new Map<string, number>();
  private static readonly MAX_SEEN = 50_000;

  add(s: Omit<Session, 'reconnects' | 'stats'>): Session {
    const before = this.seen.get(s.clientId) ?? 0;
    this.seen.delete(s.clientId);
    this.seen.set(s.clientId, before + 1);
    if (this.seen.size > ClientRegistry.MAX_SEEN) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    const session: Session = { ...s, reconnects: before, stats: {} };
    this.sessions.set(s.socketId, session);
    return session;
  }

  get(socketId: string): Session | undefined {
    return this.sessions.get(socketId);
  }

  remove(socketId: string): void {
    this.sessions.delete(socketId);
  }

  get size(): number {
    return this.sessions.size;
  }

  list(): ClientInfo[] {
    return [...this.sessions.values()].map((s) => ({
      id: s.clientId,
      role: s.role,
      ...(s.display !== undefined ? { display: s.display } : {}),
      address: s.address,
      connectedAt: s.connectedAt,
      reconnects: s.reconnects,
      stats: s.stats,
      ...(s.statsAt !== undefined ? { statsAt: s.statsAt } : {}),
      ...(s.latencyMs !== undefined ? { latencyMs: s.latencyMs } : {}),
    }));
  }
}
