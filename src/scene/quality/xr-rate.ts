/**
 * The frame rate a headset is asked for. 90 Hz where offered (Quest 2/3/Pro, Pico 4: smooth, and within
 * what their GPUs draw of a full installation), else 72 Hz (every Quest's base rate), else the highest rate
 * offered up to 90, else the lowest offered. Never 120: a rate the particles cannot hold reprojects every
 * other frame, which looks worse than a steady lower one. The governor (xrQualityOptions) then holds the
 * rate granted by lowering detail.
 */
export const HEADSET_FRAME_RATES: readonly number[] = [90, 72];
/** The rate assumed for a session that does not say its own (no `frameRate`). */
export const HEADSET_FRAME_RATE_FALLBACK = 72;

/** What the page learns of the headset's rate and foveation (reported to the test hook). */
export interface HeadsetRate {
  /** The session's frame rate now, Hz (what the browser granted, or HEADSET_FRAME_RATE_FALLBACK). */
  readonly frameRate: number;
  readonly supportedFrameRates?: readonly number[];
  /** The rate asked for with updateTargetFrameRate, if one was. */
  readonly requestedFrameRate?: number;
  /** True when the layer has fixed foveation to set. */
  readonly foveationOffered: boolean;
  /** The layer's fixed foveation now, 0..1. */
  readonly foveation?: number;
}

/** The rate to ask for among `supported` (Hz), or false when the browser offers no choice. */
export function chooseFrameRate(supported: ArrayLike<number> | undefined): number | false {
  const rates = Array.from(supported ?? []).filter((r) => Number.isFinite(r) && r > 0);
  if (rates.length === 0) return false;
  for (const preferred of HEADSET_FRAME_RATES) if (rates.includes(preferred)) return preferred;
  const upTo = rates.filter((r) => r <= (HEADSET_FRAME_RATES[0] ?? 90));
  return upTo.length > 0 ? Math.max(...upTo) : Math.min(...rates);
}
