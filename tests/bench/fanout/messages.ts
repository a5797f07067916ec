/**
 * What the fan-out benchmark's processes say to each other over Node's IPC channel, and the clock they
 * share.
 *
 * The clock: every process reads `performance.timeOrigin + performance.now()`, in ms. timeOrigin is the
 * wall clock (CLOCK_REALTIME) sampled, with sub-microsecond resolution, when the process started, and
 * performance.now() is monotonic from there, so readings in different processes on one machine agree to
 * well under 0.1 ms (unless the wall clock is stepped during the run). process.hrtime would not do: its
 * zero is arbitrary per process.
 */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export type Target = 'ws' | 'meshwork';

/** The server child process, to the bench. */
export type ServerReport =
  | { readonly type: 'listening'; readonly url: string; readonly operatorToken?: string }
  | { readonly type: 'cpu'; readonly userMs: number; readonly systemMs: number };
/** The bench, to the server child process. */
export type ServerCommand = { readonly type: 'cpu' } | { readonly type: 'stop' };

/** The bench, to a viewers child process. */
export type ViewersCommand =
  | {
      readonly type: 'connect';
      readonly target: Target;
      readonly url: string;
      readonly count: number;
      /** Index of this process's first client among all viewers: picks its loopback source addresses. */
      readonly firstIndex: number;
    }
  /** Sent messages, by the seq the server gave them: each viewer's latency is its receipt time minus this. */
  | { readonly type: 'collect'; readonly sent: readonly { readonly seq: number; readonly sentAtMs: number }[] }
  | { readonly type: 'stop' };

export type ViewersReport =
  | { readonly type: 'ready'; readonly connectMs: number }
  | { readonly type: 'progress'; readonly connected: number }
  | {
      readonly type: 'result';
      /** One entry per (viewer, sent message) that arrived. */
      readonly latenciesMs: readonly number[];
      /** (viewer, sent message) pairs expected. */
      readonly expected: number;
      /** Messages a viewer got more than once (must be 0). */
      readonly duplicates: number;
    }
  | { readonly type: 'error'; readonly message: string };

/** Viewers per loopback source address. The Meshwork server limits new connections per address (a burst
 * of 30), as it should against a flood; a thousand phones at a venue come from many addresses, so the
 * viewers are spread over 127.0.1.x like they would be (all on this machine: 127.0.0.0/8 is loopback). */
export const VIEWERS_PER_ADDRESS = 20;
export const viewerAddress = (index: number): string => `127.0.1.${1 + Math.floor(index / VIEWERS_PER_ADDRESS)}`;
