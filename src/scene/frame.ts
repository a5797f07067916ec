import type { ShowState } from '../core/show.ts';

/**
 * What every part of the scene reads each frame: the show state at the frame's t, computed once per frame
 * by the display (one `showAt` call, before any component renders) and never changed by the scene.
 * Components take a `GetFrame` rather than a React prop so that a new frame does not re-render React.
 */
export interface ShowFrame {
  readonly state: ShowState;
  /** The particle budget in force for this display now (adaptive quality may lower it). */
  readonly budget: number;
}

export type GetFrame = () => ShowFrame;
