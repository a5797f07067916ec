import { wallProblemMessage, type FindingParams, type HintCode, type WallProblemCode } from './findings.ts';
import type { Vec3 } from './units.ts';

/**
 * What makes a wall unable to show anything, decided once: `check` reports it at the field (references.ts)
 * and the scene's cameras (src/scene/wall-camera.ts) refuse it with the same words. A wall that passes
 * these draws a picture; one that fails would be black.
 */

export interface WallProblem {
  /** The field at fault, under the wall: e.g. ['frustum', 'eye']. */
  readonly field: readonly string[];
  /** Its code (src/core/findings.ts: `wall.<code>` or `desktop.<code>` in a diagnostic) and values. */
  readonly code: WallProblemCode;
  readonly params: FindingParams;
  readonly message: string;
  /** What to do, by its code (HINTS in findings.ts, filled with `params`). */
  readonly hint: HintCode;
}

const problem = (field: readonly string[], code: WallProblemCode, hint: HintCode, params: FindingParams = {}): WallProblem => ({
  field,
  code,
  params,
  message: wallProblemMessage(code, params),
  hint,
});

type V = readonly [number, number, number];
const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V, b: V) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const len = (a: V) => Math.sqrt(dot(a, a));

/** Three finite numbers. The checks run on what the schema salvaged of a broken file too (references.ts):
 * a value of the wrong shape is the schema's error to report, not a geometry question. */
const isVec = (a: unknown): a is V => Array.isArray(a) && a.length === 3 && a.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Shortest screen edge and eye distance that still make a picture, metres (a millimetre). */
const MIN_METRES = 1e-3;
/** Corners further from a right angle than this (degrees) skew the picture: a warning, not an error. */
const SKEW_DEGREES = 1;

export interface FrustumCorners {
  readonly eye: Vec3;
  readonly bottomLeft: Vec3;
  readonly bottomRight: Vec3;
  readonly topLeft: Vec3;
}

/** Errors of an off-axis frustum: corners that coincide or lie on one line, an eye on the screen's plane or
 * behind it. */
export function frustumProblem(f: FrustumCorners): WallProblem | undefined {
  if (![f.eye, f.bottomLeft, f.bottomRight, f.topLeft].every(isVec)) return undefined;
  const right = sub(f.bottomRight, f.bottomLeft);
  const up = sub(f.topLeft, f.bottomLeft);
  if (len(right) < MIN_METRES) return problem(['frustum', 'bottomRight'], 'screen-no-width', 'wall.give-corners');
  if (len(up) < MIN_METRES) return problem(['frustum', 'topLeft'], 'screen-no-height', 'wall.give-corners');
  const normal = cross(right, up);
  if (len(normal) < MIN_METRES * Math.min(len(right), len(up))) return problem(['frustum', 'topLeft'], 'screen-corners-in-line', 'wall.corners-in-line');
  const n: V = [normal[0] / len(normal), normal[1] / len(normal), normal[2] / len(normal)];
  const distance = dot(sub(f.eye, f.bottomLeft), n);
  if (Math.abs(distance) < MIN_METRES) return problem(['frustum', 'eye'], 'eye-in-screen-plane', 'wall.eye-in-front');
  if (distance < 0) return problem(['frustum', 'eye'], 'eye-behind-screen', 'wall.eye-not-behind');
  return undefined;
}

/** A warning for a frustum whose corners are not at a right angle (the picture is skewed), if they are not. */
export function frustumSkew(f: FrustumCorners): WallProblem | undefined {
  if (![f.bottomLeft, f.bottomRight, f.topLeft].every(isVec)) return undefined;
  const right = sub(f.bottomRight, f.bottomLeft);
  const up = sub(f.topLeft, f.bottomLeft);
  const cos = dot(right, up) / (len(right) * len(up) || 1);
  const degrees = Math.abs(90 - (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI);
  if (!(degrees > SKEW_DEGREES)) return undefined;
  return problem(['frustum', 'topLeft'], 'screen-skewed', 'wall.measure-again', {
    degrees: degrees.toFixed(1),
  });
}

/** A camera that looks at its own position has no direction. */
export function cameraProblem(c: { readonly position: Vec3; readonly target: Vec3 }): WallProblem | undefined {
  if (!isVec(c.position) || !isVec(c.target)) return undefined;
  if (len(sub(c.target, c.position)) >= MIN_METRES) return undefined;
  return problem(['camera', 'target'], 'camera-target-is-position', 'wall.point-camera');
}

/** A tile must lie inside the whole wall it is part of. */
export function tileProblem(t: {
  readonly fullSize: readonly [number, number];
  readonly offset: readonly [number, number, number, number];
}): WallProblem | undefined {
  const numbers = (a: readonly unknown[], n: number) => Array.isArray(a) && a.length === n && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!numbers(t.fullSize, 2) || !numbers(t.offset, 4)) return undefined;
  const [fw, fh] = t.fullSize;
  const [x, y, w, h] = t.offset;
  if (x < 0 || y < 0 || x + w > fw || y + h > fh) {
    return problem(['tile', 'offset'], 'tile-outside-wall', 'wall.tile-inside', { x, y, width: w, height: h, fullWidth: fw, fullHeight: fh });
  }
  return undefined;
}

/** The first reason a wall cannot show anything, of all the above, or undefined when it can. */
export function wallProblem(wall: {
  readonly frustum?: FrustumCorners | undefined;
  readonly camera?: { readonly position: Vec3; readonly target: Vec3 } | undefined;
  readonly tile?: { readonly fullSize: readonly [number, number]; readonly offset: readonly [number, number, number, number] } | undefined;
}): WallProblem | undefined {
  return (wall.frustum && frustumProblem(wall.frustum)) || (wall.camera && cameraProblem(wall.camera)) || (wall.tile && tileProblem(wall.tile)) || undefined;
}
