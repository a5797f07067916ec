import { Matrix4, PerspectiveCamera, Vector3 } from 'three';
import type { Vec3 } from '../core/units.ts';
import { frustumProblem } from '../core/wall-geometry.ts';

/** The three corners of a physical screen and the eye in front of it (metres, room coordinates). */
export interface ScreenFrustum {
  readonly eye: Vec3;
  readonly bottomLeft: Vec3;
  readonly bottomRight: Vec3;
  readonly topLeft: Vec3;
}

/** One machine's part of a wall made of several projectors: [x, y, width, height] in pixels of the whole
 * [width, height], y down from the top (three's setViewOffset convention). */
export interface Tile {
  readonly fullSize: readonly [number, number];
  readonly offset: readonly [number, number, number, number];
}

export interface OffAxis {
  /** The near-plane window, in camera space at distance `near`. */
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  readonly top: number;
  /** The camera's orientation: columns are the screen's right, up and normal (towards the eye). */
  readonly basis: Matrix4;
}

const v = (a: Vec3) => new Vector3(a[0], a[1], a[2]);

/**
 * Kooima's generalized perspective projection: the window through which the eye sees the room when the
 * screen is the given rectangle. The camera sits at the eye, faces along the screen's normal (not at the
 * screen's centre), and its frustum is asymmetric so that the screen's edges are the frustum's edges.
 * Throws (src/core/wall-geometry.ts) when the corners span no screen or the eye is on its plane or behind it.
 */
export function offAxis(screen: ScreenFrustum, near: number): OffAxis {
  // The rule of what cannot make a picture lives in core (check reports it at the field); here it stops a
  // camera from drawing black.
  const problem = frustumProblem(screen);
  if (problem) throw new Error(problem.message);
  const pa = v(screen.bottomLeft);
  const pb = v(screen.bottomRight);
  const pc = v(screen.topLeft);
  const pe = v(screen.eye);
  const vr = pb.clone().sub(pa).normalize();
  const vu = pc.clone().sub(pa).normalize();
  const vn = vr.clone().cross(vu).normalize();
  const va = pa.clone().sub(pe);
  const vb = pb.clone().sub(pe);
  const vc = pc.clone().sub(pe);
  const d = -va.dot(vn);
  const k = near / d;
  return {
    left: vr.dot(va) * k,
    right: vr.dot(vb) * k,
    bottom: vu.dot(va) * k,
    top: vu.dot(vc) * k,
    basis: new Matrix4().makeBasis(vr, vu, vn),
  };
}

/** The part of a near-plane window one tile shows. */
export function tileWindow(w: Pick<OffAxis, 'left' | 'right' | 'bottom' | 'top'>, tile: Tile | undefined): Pick<OffAxis, 'left' | 'right' | 'bottom' | 'top'> {
  if (!tile) return w;
  const [fw, fh] = tile.fullSize;
  const [x, y, tw, th] = tile.offset;
  const sx = (w.right - w.left) / fw;
  const sy = (w.top - w.bottom) / fh;
  return { left: w.left + x * sx, right: w.left + (x + tw) * sx, top: w.top - y * sy, bottom: w.top - (y + th) * sy };
}

/**
 * A camera whose projection is an off-axis frustum. It ignores `aspect` and `fov`, so that a canvas resize
 * (which sets the aspect and calls updateProjectionMatrix) cannot turn it back into a symmetric camera.
 */
export class OffAxisCamera extends PerspectiveCamera {
  private screen: ScreenFrustum;
  private tile: Tile | undefined;

  constructor(screen: ScreenFrustum, tile: Tile | undefined, near = 0.05, far = 200) {
    super(50, 1, near, far);
    this.screen = screen;
    this.tile = tile;
    this.updateProjectionMatrix();
  }

  setScreen(screen: ScreenFrustum, tile: Tile | undefined): void {
    this.screen = screen;
    this.tile = tile;
    this.updateProjectionMatrix();
  }

  /** The part of the whole wall this camera shows, if it is a tile. */
  tilePart(): Tile | undefined {
    return this.tile;
  }

  /** The whole wall's window at distance 1 (before the tile's part of it is taken). */
  fullWindow(): Pick<OffAxis, 'left' | 'right' | 'bottom' | 'top'> {
    const { left, right, bottom, top } = offAxis(this.screen, 1);
    return { left, right, bottom, top };
  }

  override updateProjectionMatrix(): void {
    // PerspectiveCamera's constructor calls this before our fields exist.
    if (!this.screen) return super.updateProjectionMatrix();
    const o = offAxis(this.screen, this.near);
    const w = tileWindow(o, this.tile);
    this.position.set(this.screen.eye[0], this.screen.eye[1], this.screen.eye[2]);
    this.quaternion.setFromRotationMatrix(o.basis);
    this.updateMatrixWorld(true);
    this.projectionMatrix.makePerspective(w.left, w.right, w.top, w.bottom, this.near, this.far);
    this.projectionMatrixInverse.copy(this.projectionMatrix).invert();
  }
}

export interface CameraPose {
  readonly position: Vec3;
  readonly target: Vec3;
  /** Vertical field of view, degrees. */
  readonly fov: number;
}

/** A wall with a plain camera: the whole wall's aspect comes from the tile (or the canvas), and a tile
 * shows its part of the whole through setViewOffset. */
export function placeCamera(camera: PerspectiveCamera, pose: CameraPose, tile: Tile | undefined, canvasAspect: number): void {
  camera.fov = pose.fov;
  camera.position.set(pose.position[0], pose.position[1], pose.position[2]);
  camera.lookAt(pose.target[0], pose.target[1], pose.target[2]);
  if (tile) {
    camera.aspect = tile.fullSize[0] / tile.fullSize[1];
    camera.setViewOffset(tile.fullSize[0], tile.fullSize[1], tile.offset[0], tile.offset[1], tile.offset[2], tile.offset[3]);
  } else {
    camera.aspect = canvasAspect;
    camera.clearViewOffset();
  }
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld(true);
}
