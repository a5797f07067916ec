/**
 * What the fan-out benchmark's processes say to each other over Node's IPC channel, and the clock they
 * share.
 *
 * The clock: `process.hrtime.bigint()`, in ms. On Linux it reads CLOCK_MONOTONIC, one clock for every
 * process on the machine (time since boot, nanosecond resolution), so a send time taken in one process
 * and a receipt time taken in another subtract exactly. The bench checks this when it starts each child
 * (`clock` below: the child's reading must fall between the bench's readings before and after asking).
 * `performance.timeOrigin + performance.now()` would not do: timeOrigin is sampled per process and was
 * seen here to differ by ~0.8 ms between two processes, as much as the latencies measured.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The servers compared: the bare ws floor, Meshwork as it runs by default (SQLite), Meshwork with its
 * log in Redis and the Streams adapter (`serve --redis`; Redis with appendfsync always), and Meshwork from
 * another checkout (`meshwork-compare`, with MESHWORK_FANOUT_COMPARE=<its folder>: e.g. before a change,
 * measured in the same interleaved rounds). */
export const TARGETS = ['ws', 'meshwork', 'meshwork-redis', 'meshwork-compare'] as const;
export type Target = (typeof TARGETS)[number];

/** The server child process, to the bench. */
export type ServerReport =
  | { readonly type: 'listening'; readonly url: string; readonly operatorToken?: string }
  | { readonly type: 'cpu'; readonly userMs: number; readonly systemMs: number }
  /** process.memoryUsage() in bytes, and when it was read (nowMs). */
  | { readonly type: 'memory'; readonly atMs: number; readonly rss: number; readonly heapUsed: number; readonly userMs: number; readonly systemMs: number }
  | ClockReport;
/** The bench, to the server child process. */
export type ServerCommand = { readonly type: 'cpu' } | { readonly type: 'memory' } | { readonly type: 'clock' } | { readonly type: 'stop' };

/** A child's reading of nowMs(), to check that it shares the bench's clock. */
export interface ClockReport {
  readonly type: 'clock';
  readonly nowMs: number;
}

/** The bench, to a viewers child process. */
export type ViewersCommand =
  | {
      readonly type: 'connect';
      readonly url: string;
      readonly count: number;
      /** Index of this process's first client among all viewers: picks its loopback source addresses. */
      readonly firstIndex: number;
    }
  /** Sent messages, by the seq the server gave them: each viewer's latency is its receipt time minus this. */
  | { readonly type: 'collect'; readonly sent: readonly { readonly seq: number; readonly sentAtMs: number }[] }
  /** How many of these seqs each viewer still waits for. */
  | { readonly type: 'count'; readonly seqs: readonly number[] }
  | { readonly type: 'clock' }
  | { readonly type: 'stop' };

export type ViewersReport =
  | { readonly type: 'ready'; readonly connectMs: number }
  | { readonly type: 'count'; readonly missing: number }
  | ClockReport
  | { readonly type: 'progress'; readonly connected: number }
  | {
      readonly type: 'result';
      /** One entry per (viewer, sent message) that arrived. */
      readonly latenciesMs: readonly number[];
      /** (viewer, sent message) pairs expected. */
      readonly expected: number;
      /** Messages a viewer got more than once (must be 0). */
      readonly duplicates: number;
      /** Viewers whose connection the server ended during the run, and why the last one ended. */
      readonly closed: number;
      readonly closeReason?: string;
      /** CPU time this process spent since its viewers were connected (ms): is the client side the limit? */
      readonly cpuMs: number;
    }
  | { readonly type: 'error'; readonly message: string };

/** Viewers per loopback source address. The Meshwork server limits new connections per address (a burst
 * of 30), as it should against a flood; a thousand phones at a venue come from many addresses, so the
 * viewers are spread over 127.0.1.x like they would be (all on this machine: 127.0.0.0/8 is loopback). */
export const VIEWERS_PER_ADDRESS = 20;
export const viewerAddress = (index: number): string => `127.0.1.${1 + Math.floor(index / VIEWERS_PER_ADDRESS)}`;
