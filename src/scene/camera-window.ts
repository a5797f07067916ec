import { PerspectiveCamera, type Camera } from 'three';
import type { Rect } from './layout/view-layout.ts';
import { VIEW_HEIGHT } from './layout/view-layout.ts';
import { HEADSET_WINDOW, perspectiveWindow, viewWidth, type ViewWindow } from './layout/view-window.ts';
import { OffAxisCamera } from './wall-camera.ts';

/**
 * The window a camera looks through, for the view layout: the whole wall's (a tile shows its part of it;
 * the layout knows the tiles as cells), or in a headset the comfortable middle of the view.
 */
export function cameraWindow(camera: Camera, xr: boolean): ViewWindow {
  if (xr) return HEADSET_WINDOW;
  if (camera instanceof OffAxisCamera) return camera.fullWindow();
  if (camera instanceof PerspectiveCamera) return perspectiveWindow(camera.fov, camera.aspect, camera.zoom);
  return { left: -1, right: 1, bottom: -1, top: 1 };
}

/** The part of the view's layout this screen shows, layout units: a tile's part of its wall, else all of it. */
export function screenRect(camera: Camera, win: ViewWindow, xr: boolean): Rect {
  const all = { x: 0, y: 0, w: viewWidth(win), h: VIEW_HEIGHT };
  if (xr) return all;
  if (camera instanceof OffAxisCamera) {
    const tile = camera.tilePart();
    if (!tile) return all;
    const k = VIEW_HEIGHT / tile.fullSize[1];
    return { x: tile.offset[0] * k, y: tile.offset[1] * k, w: tile.offset[2] * k, h: tile.offset[3] * k };
  }
  if (camera instanceof PerspectiveCamera && camera.view?.enabled) {
    const v = camera.view;
    const k = VIEW_HEIGHT / v.fullHeight;
    return { x: v.offsetX * k, y: v.offsetY * k, w: v.width * k, h: v.height * k };
  }
  return all;
}
