import { afterEach, describe, expect, it } from 'vitest';
import { setListenerTarget, updateListener } from '../../src/audio/listener.ts';

/** The AudioParams of an AudioListener, as plain values: what updateListener writes. */
function listenerValues() {
  const p = () => ({ value: 0 });
  const l = { positionX: p(), positionY: p(), positionZ: p(), forwardX: p(), forwardY: p(), forwardZ: p(), upX: p(), upY: p(), upZ: p() };
  return l;
}

/** Column-major world matrix of a camera at `pos` turned `yaw` radians about +Y (three's convention). */
function cameraAt(pos: [number, number, number], yaw: number) {
  const c = Math.cos(yaw),
    s = Math.sin(yaw);
  return { matrixWorld: { elements: [c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, pos[0], pos[1], pos[2], 1] } };
}

afterEach(() => setListenerTarget(null));

describe('updateListener', () => {
  it('puts the ears at the camera, facing where it looks (-Z), head up (+Y)', () => {
    const l = listenerValues();
    setListenerTarget(l as unknown as AudioListener);
    updateListener(cameraAt([1, 1.6, 7], 0));
    expect([l.positionX.value, l.positionY.value, l.positionZ.value]).toEqual([1, 1.6, 7]);
    expect([l.forwardX.value, l.forwardY.value, l.forwardZ.value]).toEqual([-0, -0, -1]);
    expect([l.upX.value, l.upY.value, l.upZ.value]).toEqual([0, 1, 0]);
    // Turned 90 degrees to the left (counter-clockwise seen from above): it faces -X.
    updateListener(cameraAt([0, 0, 0], Math.PI / 2));
    expect(l.forwardX.value).toBeCloseTo(-1, 12);
    expect(l.forwardZ.value).toBeCloseTo(0, 12);
  });

  it('does nothing while no sound runs', () => {
    const l = listenerValues();
    updateListener(cameraAt([5, 5, 5], 0));
    expect(l.positionX.value).toBe(0);
  });
});
