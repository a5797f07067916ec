import { io } from 'socket.io-client';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Reply, Welcome } from '../../src/net/protocol.ts';
import type { ReplicaSocket } from '../../src/net/replica.ts';

/**
 * A fault layer between a replica and its real socket.io connection (the replica's `connect` option): it
 * loses, duplicates and delays the server's pushes one event at a time (independent delays reorder them),
 * loses or delays the answer to hello, and cuts the connection on demand, as a network would (the
 * transport closes). Decisions come from a seeded generator, so a schedule replays exactly.
 */
export interface Faults {
  /** Probability that one pushed event is lost. */
  readonly drop: number;
  /** Probability that one pushed event arrives twice. */
  readonly duplicate: number;
  /** Each pushed event (and each copy) waits a uniform time in [0, delayMs] ms: later ones overtake. */
  readonly delayMs: number;
  /** Probability that the answer to a hello is lost: the replica sees its hello time out. */
  readonly helloDrop: number;
  /** The answer to a hello waits a uniform time in [0, helloDelayMs] ms (pushes may overtake it). */
  readonly helloDelayMs: number;
}

export interface Injected {
  drops: number;
  duplicates: number;
  delays: number;
  helloDrops: number;
  helloDelays: number;
  cuts: number;
}

export interface FaultLayer {
  readonly connect: (url: string) => ReplicaSocket;
  /** Cuts the connection the replica uses now (its transport closes, as when Wi-Fi drops). */
  cut(): void;
  /** No more faults from now on (what was already delayed still arrives). */
  heal(): void;
  readonly injected: Injected;
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Listener = (...args: never[]) => void;
type HelloAck = (err: Error | null, reply: Reply<Welcome>) => void;

export function faultLayer(faults: Faults, seed: number): FaultLayer {
  const random = seeded(seed);
  let active = true;
  let current: ReplicaSocket | undefined;
  const injected: Injected = { drops: 0, duplicates: 0, delays: 0, helloDrops: 0, helloDelays: 0, cuts: 0 };

  const later = (ms: number, run: () => void) => (ms >= 1 ? void setTimeout(run, ms) : run());

  const deliver = (listener: (events: readonly ShowEvent[]) => void, events: readonly ShowEvent[]) => {
    for (const e of events) {
      if (active && random() < faults.drop) {
        injected.drops++;
        continue;
      }
      const copies = active && random() < faults.duplicate ? 2 : 1;
      if (copies > 1) injected.duplicates++;
      for (let i = 0; i < copies; i++) {
        const wait = active ? random() * faults.delayMs : 0;
        if (wait >= 1) injected.delays++;
        later(wait, () => listener([e]));
      }
    }
  };

  const connect = (url: string): ReplicaSocket => {
    const socket: ReplicaSocket = io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
    current = socket;
    const on = (event: string, listener: Listener) => {
      const wrapped = event === 'events' ? (events: readonly ShowEvent[]) => deliver(listener as (e: readonly ShowEvent[]) => void, events) : listener;
      return socket.on(event as 'events', wrapped as (events: readonly ShowEvent[]) => void);
    };
    const timeout = (ms: number) => {
      const t = socket.timeout(ms);
      return new Proxy(t, {
        get(target, prop) {
          if (prop !== 'emit') return Reflect.get(target, prop, target) as unknown;
          return (event: string, msg: unknown, ack: HelloAck) => {
            if (event !== 'hello') return (target.emit as (...a: unknown[]) => unknown)(event, msg, ack);
            const sentAt = performance.now();
            return target.emit('hello', msg as never, (err: Error | null, reply: Reply<Welcome>) => {
              if (err || !active) return ack(err, reply);
              if (random() < faults.helloDrop) {
                // The answer is lost: the replica hears nothing until its own timeout says so.
                injected.helloDrops++;
                return later(ms - (performance.now() - sentAt), () => ack(new Error('operation has timed out'), reply));
              }
              const wait = random() * faults.helloDelayMs;
              if (wait >= 1) injected.helloDelays++;
              later(Math.min(wait, ms - (performance.now() - sentAt) - 1), () => ack(null, reply));
            });
          };
        },
      });
    };
    return new Proxy(socket, {
      get(target, prop) {
        if (prop === 'on') return on;
        if (prop === 'timeout') return timeout;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };

  return {
    connect,
    cut() {
      const engine = current?.io.engine;
      if (!engine) return;
      injected.cuts++;
      engine.close();
    },
    heal() {
      active = false;
    },
    injected,
  };
}
