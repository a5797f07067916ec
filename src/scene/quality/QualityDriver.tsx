import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { AdaptiveQuality, xrQualityOptions, type QualityOptions, type QualityState } from './adaptive-quality.ts';
import { HEADSET_FRAME_RATE_FALLBACK, type HeadsetRate } from './xr-rate.ts';

/**
 * Frames of a canvas its governor does not count (QualityOptions.warmupFrames). Counted, the first frames of
 * a killed wall opened again stepped its pixel ratio down and three seconds later up again, and each step
 * resizes the canvas, which on a software GPU waits for every frame still queued (2.9 and 8.0 s of the main
 * thread, `npm run bench -- wall` at load 40): the wall was ready 20 s after its first frame.
 */
export const WARMUP_FRAMES = 10;

export interface QualityDriverProps {
  /** Off for a frozen display: a poster or a test must not change with the machine's speed. */
  readonly enabled: boolean;
  readonly options?: QualityOptions;
  /** True while the view shows one still (a paused replay): quality goes back to full and holds, so the
   * still is the same on every screen whatever its speed. Read every frame. Default never. */
  readonly still?: () => boolean;
  /** Told when the level changes (and once at the start, and when a session starts or ends); `xr` inside
   * an immersive session. */
  readonly onChange: (state: QualityState, xr?: HeadsetRate) => void;
}

/**
 * Feeds every frame's duration to an AdaptiveQuality and applies what it decides. Outside an immersive
 * session: the canvas's pixel ratio. Inside one, a governor of its own (xrQualityOptions: the target is the
 * session's frame rate, measured between XR frames): the layer's fixed foveation, where the browser offers
 * it. The particle budget goes to `onChange` in both.
 */
export function QualityDriver({ enabled, options, onChange, still }: QualityDriverProps) {
  const made = useRef<{ options: QualityOptions | undefined; quality: AdaptiveQuality } | null>(null);
  if (!made.current || made.current.options !== options) made.current = { options, quality: new AdaptiveQuality({ warmupFrames: WARMUP_FRAMES, ...options }) };
  const quality = made.current.quality;
  const baseDpr = useThree((s) => s.viewport.initialDpr);
  const setDpr = useThree((s) => s.setDpr);
  const xr = useThree((s) => s.gl.xr);
  // The headset's governor, made when a session starts and again when its frame rate changes.
  const headset = useRef<{ governor: AdaptiveQuality; rate: number } | undefined>(undefined);
  useEffect(() => onChange(quality.state), [quality, onChange]);
  useFrame((_s, delta) => {
    // The one in force now (a still replaces it with a fresh one at full quality).
    const quality = (made.current as { quality: AdaptiveQuality }).quality;
    if (still?.()) {
      if (quality.state.level === 0) return;
      const full = new AdaptiveQuality(options);
      made.current = { options, quality: full };
      if (!xr.isPresenting) setDpr(baseDpr * full.state.pixelRatio);
      onChange(full.state);
      return;
    }
    if (!enabled) return;
    const session = xr.isPresenting ? xr.getSession() : null;
    if (!session) {
      if (headset.current) {
        headset.current = undefined;
        onChange(quality.state);
      }
      if (!quality.frame(delta)) return;
      setDpr(baseDpr * quality.state.pixelRatio);
      onChange(quality.state);
      return;
    }
    const rate = session.frameRate ?? HEADSET_FRAME_RATE_FALLBACK;
    let changed = false;
    if (headset.current?.rate !== rate) {
      headset.current = { governor: new AdaptiveQuality(xrQualityOptions(rate)), rate };
      changed = true;
    } else changed = headset.current.governor.frame(delta);
    if (!changed) return;
    const state = headset.current.governor.state;
    if (state.foveation !== undefined) xr.setFoveation(state.foveation);
    const layer = session.renderState.baseLayer;
    onChange(state, {
      frameRate: rate,
      ...(session.supportedFrameRates ? { supportedFrameRates: [...session.supportedFrameRates] } : {}),
      // three sets the layer's fixedFoveation only where the layer has one (the browser offers it).
      foveationOffered: layer?.fixedFoveation != null,
      ...(layer?.fixedFoveation != null ? { foveation: layer.fixedFoveation } : {}),
    });
  });
  return null;
}
