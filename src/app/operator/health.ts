import type { ClientInfo } from '../../net/protocol.ts';
import type { Seconds } from '../../core/units.ts';
import { english, type Translate } from './strings.ts';

/**
 * The console's watch on every client: a short history of what each one reports (for the sparklines), and
 * the warnings an operator must act on: a display whose picture runs ahead of or behind the shared clock,
 * and a display dropping frames compared with its own usual rate.
 */
export interface Thresholds {
  /** A display's reported t may differ from the shared clock by this much before it is flagged (ms). Default 50. */
  readonly driftMs: number;
  /** Flag fps below this fraction of the client's usual (median) fps. Default 0.8. */
  readonly fpsRatio: number;
  /** Samples needed before "usual" fps means anything. Default 5. */
  readonly minSamples: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { driftMs: 50, fpsRatio: 0.8, minSamples: 5 };

export interface Sample {
  /** Shared clock when the console received it. */
  readonly at: Seconds;
  readonly latencyMs: number | null;
  readonly offsetMs: number | null;
  readonly fps: number | null;
  readonly driftMs: number | null;
}

/**
 * How far a client's picture is from the shared clock, in ms (positive: ahead), or null when it cannot be
 * told. The client reports the t it renders (`stats.t`); the server stamps the shared time the report
 * arrived (`statsAt`); the report left the client about half a round trip earlier.
 */
export function driftOf(client: ClientInfo): number | null {
  const t = client.stats.t;
  const at = client.statsAt;
  if (t === undefined || at === undefined) return null;
  const oneWay = (client.latencyMs ?? client.stats.rttMs ?? 0) / 2000;
  return (t - (at - oneWay)) * 1000;
}

export function sampleOf(client: ClientInfo, at: Seconds): Sample {
  return {
    at,
    latencyMs: client.latencyMs ?? client.stats.rttMs ?? null,
    offsetMs: client.stats.offsetMs ?? null,
    fps: client.stats.fps ?? null,
    driftMs: driftOf(client),
  };
}

const isGap = (s: Sample) => s.latencyMs === null && s.offsetMs === null && s.fps === null && s.driftMs === null;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Warning {
  readonly kind: 'drift' | 'fps' | 'sound' | 'display' | 'restarts';
  readonly message: string;
}

/** The warnings for one client, from its latest sample and its history, in the console's language (`t`,
 * English by default). Only displays (viewers) render frames, so phones and the console are never flagged.
 * "Usual" fps is the median over the history window: a drop is flagged until it has lasted half the
 * window, by then it is the display's new normal (and the sparkline shows when it began). */
export function warningsOf(client: ClientInfo, history: readonly Sample[], th: Thresholds = DEFAULT_THRESHOLDS, t: Translate = english): Warning[] {
  if (client.role !== 'viewer') return [];
  const out: Warning[] = [];
  const name = client.display ?? client.id;
  // The page caught an exception in its sound and goes on without it: someone should look at that screen.
  const displayError = client.stats.displayError;
  if (displayError !== undefined) out.push({ kind: 'display', message: t('warn.display', { name, error: displayError }) });
  if (client.stats.soundBlocked === true) out.push({ kind: 'sound', message: t('warn.soundBlocked', { name }) });
  // A wall that had to be reloaded or restarted draws again now, but the operator should know it happened
  // (and why: a GPU that keeps dropping its context, a browser that keeps crashing).
  const { reloads, reloadReason, kioskRestarts, kioskReason } = client.stats;
  const why = (message: string, reason: string | undefined) => (reason ? t('warn.lastReason', { message, reason }) : message);
  if (reloads !== undefined && reloads > 0) out.push({ kind: 'restarts', message: why(t('warn.reloaded', { name, count: reloads }), reloadReason) });
  if (kioskRestarts !== undefined && kioskRestarts > 0) {
    out.push({ kind: 'restarts', message: why(t('warn.kioskRestarted', { name, count: kioskRestarts }), kioskReason) });
  }
  const soundError = client.stats.soundError;
  if (soundError !== undefined) out.push({ kind: 'sound', message: t('warn.soundStopped', { name, error: soundError }) });
  const drift = driftOf(client);
  if (drift !== null && Math.abs(drift) > th.driftMs) {
    out.push({ kind: 'drift', message: t(drift > 0 ? 'warn.ahead' : 'warn.behind', { ms: Math.round(Math.abs(drift)), limit: th.driftMs }) });
  }
  const fps = client.stats.fps;
  const past = history.map((s) => s.fps).filter((v): v is number => v !== null);
  const usual = past.length >= th.minSamples ? median(past) : null;
  if (fps !== undefined && usual !== null && usual > 0 && fps < usual * th.fpsRatio) {
    out.push({ kind: 'fps', message: t('warn.fps', { fps: Math.round(fps), usual: Math.round(usual) }) });
  }
  return out;
}

/**
 * Per-client histories over a sliding window. `record` is called with every `clients` message; a client
 * absent from a message gets a gap (nulls), so its line breaks where it was gone. A client gone for longer
 * than the window is forgotten.
 */
export class ClientHistory {
  private readonly samples = new Map<string, Sample[]>();

  constructor(
    /** How far back the sparklines look (seconds). Default 300. */
    readonly windowSeconds: Seconds = 300,
    /** At most this often a sample is kept per client (seconds): `clients` may arrive several times a second. Default 1. */
    readonly everySeconds: Seconds = 1,
  ) {}

  record(clients: readonly ClientInfo[], at: Seconds): void {
    const present = new Set<string>();
    for (const c of clients) {
      present.add(c.id);
      const list = this.samples.get(c.id) ?? [];
      const last = list[list.length - 1];
      if (last && at - last.at < this.everySeconds) list[list.length - 1] = sampleOf(c, last.at);
      else list.push(sampleOf(c, at));
      this.samples.set(c.id, list);
    }
    for (const [id, list] of this.samples) {
      if (!present.has(id)) {
        const last = list[list.length - 1];
        if (last && !isGap(last)) list.push({ at, latencyMs: null, offsetMs: null, fps: null, driftMs: null });
      }
      while (list.length > 0 && (list[0] as Sample).at < at - this.windowSeconds) list.shift();
      if (!present.has(id) && list.every(isGap)) this.samples.delete(id);
    }
  }

  of(id: string): readonly Sample[] {
    return this.samples.get(id) ?? [];
  }
}
