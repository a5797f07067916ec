import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFromMap } from '../../src/core/installation.ts';
import type { Vec3 } from '../../src/core/units.ts';
import { cameraProblem, frustumProblem, frustumSkew, tileProblem } from '../../src/core/wall-geometry.ts';
import { offAxis } from '../../src/scene/wall-camera.ts';

const DEMO = join(import.meta.dirname, '../../installations/upcycling-rite');
const demoFiles = () => ({
  'installation.yaml': readFileSync(join(DEMO, 'installation.yaml'), 'utf8'),
  'materials.csv': readFileSync(join(DEMO, 'materials.csv'), 'utf8'),
});

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const add = (a: Vec3, b: Vec3, k = 1): Vec3 => [a[0] + b[0] * k, a[1] + b[1] * k, a[2] + b[2] * k];
const norm = (a: Vec3): Vec3 => {
  const l = Math.hypot(...a) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** A physical screen anywhere in the room, turned any way, 0.2-12 m wide: its corners, its normal, a point on it. */
const screenArb = fc
  .record({
    origin: fc.tuple(num(-20, 20), num(-5, 10), num(-20, 20)),
    axis: fc.tuple(num(-1, 1), num(-1, 1), num(-1, 1)).filter((a) => Math.hypot(...a) > 0.1),
    w: num(0.2, 12),
    h: num(0.2, 8),
    u: num(0, 1),
    v: num(0, 1),
  })
  .map(({ origin, axis, w, h, u, v }) => {
    const right = norm(axis);
    const helper: Vec3 = Math.abs(right[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
    const normal = norm(cross(right, helper));
    const up = cross(normal, right);
    const bottomLeft = origin as Vec3;
    return {
      bottomLeft,
      bottomRight: add(bottomLeft, right, w),
      topLeft: add(bottomLeft, up, h),
      normal,
      onScreen: add(add(bottomLeft, right, w * u), up, h * v),
    };
  });

describe('walls that cannot show anything', () => {
  it('an eye in front of any screen makes a picture; in its plane, behind it, or with corners on a line it is an error', () => {
    fc.assert(
      fc.property(screenArb, num(0.01, 30), ({ bottomLeft, bottomRight, topLeft, normal, onScreen }, distance) => {
        const screen = { bottomLeft, bottomRight, topLeft };
        const eye = add(onScreen, normal, distance);
        expect(frustumProblem({ ...screen, eye })).toBeUndefined();
        expect(frustumSkew({ ...screen, eye })).toBeUndefined();
        expect(() => offAxis({ ...screen, eye }, 0.05)).not.toThrow();
        expect(frustumProblem({ ...screen, eye: onScreen })?.field).toEqual(['frustum', 'eye']);
        expect(frustumProblem({ ...screen, eye: add(onScreen, normal, -distance) })?.message).toMatch(/behind the screen/);
        expect(() => offAxis({ ...screen, eye: onScreen }, 0.05)).toThrow(/in the plane of the screen/);
        const midpoint: Vec3 = [(bottomLeft[0] + bottomRight[0]) / 2, (bottomLeft[1] + bottomRight[1]) / 2, (bottomLeft[2] + bottomRight[2]) / 2];
        expect(frustumProblem({ ...screen, eye, topLeft: midpoint })?.message).toMatch(/one line/);
        expect(frustumProblem({ ...screen, eye, bottomRight: bottomLeft })?.message).toMatch(/no width/);
      }),
      { numRuns: 500 },
    );
  });

  it('a camera needs a direction and a tile must lie inside its wall', () => {
    fc.assert(
      fc.property(
        fc.tuple(num(-50, 50), num(-50, 50), num(-50, 50)),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 0, max: 9000 }),
        fc.integer({ min: 0, max: 9000 }),
        (p, fw, fh, x, y) => {
          expect(cameraProblem({ position: p, target: p })?.field).toEqual(['camera', 'target']);
          expect(cameraProblem({ position: p, target: add(p, [0, 0, 1]) })).toBeUndefined();
          const tile = { fullSize: [fw, fh] as [number, number], offset: [Math.min(x, fw - 1), Math.min(y, fh - 1), 1, 1] as [number, number, number, number] };
          expect(tileProblem(tile)).toBeUndefined();
          const over = { fullSize: [fw, fh] as [number, number], offset: [x, y, fw, fh] as [number, number, number, number] };
          expect(tileProblem(over) === undefined).toBe(x === 0 && y === 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('check reports each degenerate wall at its field, with the wall named and a hint', () => {
    const cases: [string, string, RegExp][] = [
      [
        'frustum: { eye: [0, 1, 0], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [-2, 2, 0] }',
        'displays.walls.north.frustum.eye',
        /wall "north": the eye is in the plane of the screen/,
      ],
      [
        'frustum: { eye: [0, 1, 5], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [0, 0, 0] }',
        'displays.walls.north.frustum.topLeft',
        /on one line/,
      ],
      [
        'frustum: { eye: [0, 1, 5], bottomLeft: [-2, 0, 0], bottomRight: [-2, 0, 0], topLeft: [-2, 2, 0] }',
        'displays.walls.north.frustum.bottomRight',
        /no width/,
      ],
      ['camera: { position: [0, 1.6, 8], target: [0, 1.6, 8], fov: 50 }', 'displays.walls.north.camera.target', /looks nowhere/],
      [
        'camera: { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 }\n      tile: { fullSize: [3840, 1080], offset: [1920, 0, 2400, 1080] }',
        'displays.walls.north.tile.offset',
        /reaches outside the whole wall of 3840 x 1080/,
      ],
    ];
    for (const [wall, path, message] of cases) {
      const files = demoFiles();
      files['installation.yaml'] = files['installation.yaml'].replace('camera: { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 }', wall);
      const r = compileFromMap(files);
      const d = r.diagnostics.find((x) => x.path === path);
      expect(r.installation, path).toBeUndefined();
      expect(d?.message).toMatch(message);
      expect(d?.severity).toBe('error');
      expect(d?.line).toBeGreaterThan(0);
      expect(d?.column).toBeGreaterThan(0);
      expect(d?.hint?.length).toBeGreaterThan(10);
    }
    // A broken file's salvaged parts reach these checks too: a camera of the wrong shape is the schema's
    // error, never an exception (found by the installation-folder fuzz).
    const garbled = demoFiles();
    garbled['installation.yaml'] = garbled['installation.yaml'].replace('camera: { position: [0, 2.2, 9]', `camera: { position: [${'x'.repeat(300)}0, 2.2, 9]`);
    const broken = compileFromMap(garbled);
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(broken.diagnostics.every((d) => d.line > 0 && !/internal error/.test(d.message))).toBe(true);
    const skewed = demoFiles();
    skewed['installation.yaml'] = skewed['installation.yaml'].replace(
      'camera: { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 }',
      'frustum: { eye: [0, 1, 5], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [-1.5, 2, 0] }',
    );
    const r = compileFromMap(skewed);
    expect(r.installation).toBeDefined();
    expect(r.diagnostics.find((x) => x.severity === 'warning' && x.path === 'displays.walls.north.frustum.topLeft')?.message).toMatch(/off a right angle/);
  });
});
