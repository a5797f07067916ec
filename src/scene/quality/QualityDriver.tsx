import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { AdaptiveQuality, type QualityOptions, type QualityState } from './adaptive-quality.ts';

export interface QualityDriverProps {
  /** Off for a frozen display: a poster or a test must not change with the machine's speed. */
  readonly enabled: boolean;
  readonly options?: QualityOptions;
  /** Told when the level changes (and once at the start). */
  readonly onChange: (state: QualityState) => void;
}

/**
 * Feeds every frame's duration to an AdaptiveQuality and applies its pixel ratio to the canvas (outside an
 * immersive session: there the XR framebuffer has its own scale). The particle budget goes to `onChange`.
 */
export function QualityDriver({ enabled, options, onChange }: QualityDriverProps) {
  const quality = useMemo(() => new AdaptiveQuality(options), [options]);
  const baseDpr = useThree((s) => s.viewport.initialDpr);
  const setDpr = useThree((s) => s.setDpr);
  const xr = useThree((s) => s.gl.xr);
  useEffect(() => onChange(quality.state), [quality, onChange]);
  useFrame((_s, delta) => {
    if (!enabled || !quality.frame(delta)) return;
    const state = quality.state;
    if (!xr.isPresenting) setDpr(baseDpr * state.pixelRatio);
    onChange(state);
  });
  return null;
}
