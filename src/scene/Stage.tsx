import { useFrame } from '@react-three/fiber';
import { useCallback, useRef, type ReactNode } from 'react';
import { showAt, type ShowState } from '../core/show.ts';
import type { ShowSource } from '../net/show-source.ts';
import type { GetFrame, ShowFrame } from './frame.ts';

/** Runs before every other frame callback (which use priority 0 or above). */
const STAGE_PRIORITY = -100;

export interface StageProps {
  readonly source: ShowSource;
  /** The particle budget in force for this state (adaptive quality, capped by the display's). */
  readonly budget: (state: ShowState) => number;
  /** Called once per frame with the new frame, before the scene reads it; `xr` inside an immersive session. */
  readonly onFrame?: (frame: ShowFrame, xr: boolean) => void;
  readonly children: (getFrame: GetFrame) => ReactNode;
}

function computeFrame(source: ShowSource, budget: (state: ShowState) => number): ShowFrame {
  const state = showAt(source.installation(), source.log(), source.now());
  return { state, budget: budget(state) };
}

/**
 * The one place the show is computed: `showAt` once per frame, before any component's frame callback, into
 * a ShowFrame that everything reads through `getFrame`. The scene never changes it. A new frame does not
 * re-render React.
 */
export function Stage({ source, budget, onFrame, children }: StageProps) {
  const frame = useRef<ShowFrame | null>(null);
  frame.current ??= computeFrame(source, budget);
  useFrame((_state, _delta, xrFrame?: XRFrame) => {
    const next = computeFrame(source, budget);
    frame.current = next;
    onFrame?.(next, xrFrame !== undefined);
  }, STAGE_PRIORITY);
  const getFrame = useCallback<GetFrame>(() => frame.current as ShowFrame, []);
  return <>{children(getFrame)}</>;
}
