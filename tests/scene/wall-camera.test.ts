import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { OffAxisCamera, offAxis, placeCamera, tileWindow, type ScreenFrustum } from '../../src/scene/wall-camera.ts';

/** Where a room point lands in normalised device coordinates. */
function project(camera: PerspectiveCamera, p: readonly [number, number, number]): [number, number] {
  const v = new Vector3(...p).project(camera);
  return [v.x, v.y];
}

describe('off-axis wall frustum (Kooima)', () => {
  // A 4 m x 2.25 m screen standing at z = 0, its bottom edge 0.5 m above the floor; the eye off to one side.
  const screen: ScreenFrustum = { eye: [1, 1.6, 3], bottomLeft: [-2, 0.5, 0], bottomRight: [2, 0.5, 0], topLeft: [-2, 2.75, 0] };

  it("puts the screen's corners exactly on the image's corners, wherever the eye is", () => {
    const cam = new OffAxisCamera(screen, undefined);
    const corners: [readonly [number, number, number], [number, number]][] = [
      [screen.bottomLeft, [-1, -1]],
      [screen.bottomRight, [1, -1]],
      [screen.topLeft, [-1, 1]],
      [
        [2, 2.75, 0],
        [1, 1],
      ],
    ];
    for (const [p, ndc] of corners) {
      const [x, y] = project(cam, p);
      expect(x).toBeCloseTo(ndc[0], 9);
      expect(y).toBeCloseTo(ndc[1], 9);
    }
  });

  it("is asymmetric for an eye off the screen's centre, symmetric for a centred one", () => {
    const o = offAxis(screen, 1);
    expect(o.left).toBeCloseTo(-1, 9);
    expect(o.right).toBeCloseTo(1 / 3, 9);
    const centred = offAxis({ ...screen, eye: [0, 1.625, 3] }, 1);
    expect(centred.left).toBeCloseTo(-centred.right, 9);
    expect(centred.bottom).toBeCloseTo(-centred.top, 9);
  });

  it('survives a canvas resize: the aspect set by the canvas does not change the projection', () => {
    const cam = new OffAxisCamera(screen, undefined);
    const before = cam.projectionMatrix.clone();
    cam.aspect = 0.3;
    cam.updateProjectionMatrix();
    expect(cam.projectionMatrix.equals(before)).toBe(true);
  });

  it('splits between tiles so that the tiles together show the whole screen', () => {
    const full = { fullSize: [3840, 1080] as const, offset: [0, 0, 3840, 1080] as const };
    const left = { fullSize: [3840, 1080] as const, offset: [0, 0, 1920, 1080] as const };
    const right = { fullSize: [3840, 1080] as const, offset: [1920, 0, 1920, 1080] as const };
    const w = offAxis(screen, 0.05);
    const a = tileWindow(w, left);
    const b = tileWindow(w, right);
    const whole = tileWindow(w, full);
    for (const k of ['left', 'right', 'top', 'bottom'] as const) expect(whole[k]).toBeCloseTo(w[k], 12);
    expect(a.left).toBeCloseTo(w.left, 12);
    expect(a.right).toBeCloseTo(b.left, 12);
    expect(b.right).toBeCloseTo(w.right, 12);
    // The screen's middle column is the left tile's right edge.
    const [x] = project(new OffAxisCamera(screen, left), [0, 1.6, 0]);
    expect(x).toBeCloseTo(1, 9);
  });

  it('refuses an eye behind the screen and corners on one line', () => {
    expect(() => offAxis({ ...screen, eye: [0, 1.6, -3] }, 1)).toThrow(/behind the screen/);
    expect(() => offAxis({ ...screen, topLeft: [0, 0.5, 0] }, 1)).toThrow(/one line/);
  });
});

describe('plain wall camera with a tile', () => {
  it('shows its part of the whole view (setViewOffset)', () => {
    const pose = { position: [0, 1.6, 8] as const, target: [0, 1.4, 0] as const, fov: 50 };
    const whole = new PerspectiveCamera();
    placeCamera(whole, pose, undefined, 2);
    const right = new PerspectiveCamera();
    placeCamera(right, pose, { fullSize: [2000, 1000], offset: [1000, 0, 1000, 1000] }, 1);
    // A point at the right quarter of the whole view is at the centre of the right half.
    const p = new Vector3(0.5, 0, 0.5).unproject(whole);
    const [x, y] = project(right, [p.x, p.y, p.z]);
    expect(x).toBeCloseTo(0, 6);
    expect(y).toBeCloseTo(0, 6);
  });
});
