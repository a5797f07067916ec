import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo } from 'react';
import { PerspectiveCamera } from 'three';
import type { CameraPose, ScreenFrustum, Tile } from './wall-camera.ts';
import { OffAxisCamera, placeCamera } from './wall-camera.ts';

export interface WallCameraProps {
  /** A camera set in the installation file, or */
  readonly camera?: CameraPose;
  /** an off-axis frustum (the wall as a window into the room); the frustum wins when both are given. */
  readonly frustum?: ScreenFrustum;
  readonly tile?: Tile;
}

/** Makes the wall's camera the scene's camera. It is marked `manual` so the canvas does not reset its aspect
 * on resize; the aspect is set here from the tile (the whole wall) or the canvas. */
export function WallCamera({ camera, frustum, tile }: WallCameraProps) {
  const set = useThree((s) => s.set);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const cam = useMemo(() => {
    const c = frustum ? new OffAxisCamera(frustum, tile) : new PerspectiveCamera(50, 1, 0.05, 200);
    (c as PerspectiveCamera & { manual?: boolean }).manual = true;
    return c;
  }, [frustum, tile]);
  useLayoutEffect(() => {
    if (cam instanceof OffAxisCamera) cam.updateProjectionMatrix();
    else placeCamera(cam, camera ?? { position: [0, 1.6, 7], target: [0, 1.4, 0], fov: 55 }, tile, width / Math.max(1, height));
    set({ camera: cam });
  }, [cam, camera, tile, width, height, set]);
  return null;
}
