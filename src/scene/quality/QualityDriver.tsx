import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { AdaptiveQuality, type QualityOptions, type QualityState } from './adaptive-quality.ts';

export interface QualityDriverProps {
  /** Off for a frozen display: a poster or a test must not change with the machine's speed. */
  readonly enabled: boolean;
  readonly options?: QualityOptions;
  /** True while the view shows one still (a paused replay): quality goes back to full and holds, so the
   * still is the same on every screen whatever its speed. Read every frame. Default never. */
  readonly still?: () => boolean;
  /** Told when the level changes (and once at the start). */
  readonly onChange: (state: QualityState) => void;
}

/**
 * Feeds every frame's duration to an AdaptiveQuality and applies its pixel ratio to the canvas (outside an
 * immersive session: there the XR framebuffer has its own scale). The particle budget goes to `onChange`.
 */
export function QualityDriver({ enabled, options, onChange, still }: QualityDriverProps) {
  const made = useRef<{ options: QualityOptions | undefined; quality: AdaptiveQuality } | null>(null);
  if (!made.current || made.current.options !== options) made.current = { options, quality: new AdaptiveQuality(options) };
  const quality = made.current.quality;
  const baseDpr = useThree((s) => s.viewport.initialDpr);
  const setDpr = useThree((s) => s.setDpr);
  const xr = useThree((s) => s.gl.xr);
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
    if (!enabled || !quality.frame(delta)) return;
    const state = quality.state;
    if (!xr.isPresenting) setDpr(baseDpr * state.pixelRatio);
    onChange(state);
  });
  return null;
}
