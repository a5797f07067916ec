import { VIEW_HEIGHT } from './view-layout.ts';

/**
 * A view as the camera sees it: the window through which it looks, in camera space at distance 1 (x right,
 * y up, the camera looking down -z). For every camera Meshwork uses (perspective, tiled with a view offset,
 * off-axis) a point of that window maps linearly onto the picture, so a text drawn flat in a plane parallel
 * to the window is an upright rectangle on screen, and layout units convert to it by scale and offset.
 */
export interface ViewWindow {
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  readonly top: number;
}

/** The view's width in layout units (its height is VIEW_HEIGHT). */
export function viewWidth(w: ViewWindow): number {
  return (VIEW_HEIGHT * (w.right - w.left)) / (w.top - w.bottom);
}

/** Window units per layout unit. */
export function unitSize(w: ViewWindow): number {
  return (w.top - w.bottom) / VIEW_HEIGHT;
}

/** A point in camera space to layout units. A point behind the camera (z >= 0) goes far out in its
 * direction, so the layout moves its text to the nearest edge. */
export function toLayout(w: ViewWindow, [x, y, z]: readonly [number, number, number]): [number, number] {
  let tx: number;
  let ty: number;
  if (z < -1e-6) {
    tx = x / -z;
    ty = y / -z;
  } else {
    const len = Math.hypot(x, y) || 1;
    tx = (x / len) * 1e6;
    ty = (y / len) * 1e6;
  }
  const k = unitSize(w);
  return [(tx - w.left) / k, (w.top - ty) / k];
}

/** A point in layout units to the window (distance 1). */
export function fromLayout(w: ViewWindow, [px, py]: readonly [number, number]): [number, number] {
  const k = unitSize(w);
  return [w.left + px * k, w.top - py * k];
}

/** A symmetric perspective camera's whole window (before any view offset): vertical fov in degrees. */
export function perspectiveWindow(fovDegrees: number, aspect: number, zoom = 1): ViewWindow {
  const top = Math.tan((fovDegrees * Math.PI) / 360) / zoom;
  return { left: -top * aspect, right: top * aspect, bottom: -top, top };
}

/** In a headset, texts stay in a comfortable part of the view (about 58 by 44 degrees), not at its rim. */
export const HEADSET_WINDOW: ViewWindow = { left: -0.55, right: 0.55, bottom: -0.4, top: 0.4 };
