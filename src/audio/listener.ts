/** Anything with a world matrix, e.g. three's Camera (also the XR camera while a headset session runs).
 * Column-major 4x4, as three stores it. */
export interface ListenerPose {
  readonly matrixWorld: { readonly elements: ArrayLike<number> };
}

let target: AudioListener | null = null;
let onFailure: ((error: unknown) => void) | null = null;

/** Which AudioListener follows the camera (set by startSound; null when the sound stops), and who hears of
 * it if moving the listener throws: the frame loop calls updateListener, and must never see the exception. */
export function setListenerTarget(listener: AudioListener | null, onError?: (error: unknown) => void): void {
  target = listener;
  onFailure = listener ? (onError ?? null) : null;
}

/**
 * Puts the ears where the camera (or the headset) is, facing where it looks. Call it from the scene once per
 * frame, e.g. `useFrame(({ camera }) => updateListener(camera))`; it does nothing while the sound is off.
 * Allocation-free: it writes the AudioParams' values directly (no automation events pile up at 90 Hz).
 */
export function updateListener(pose: ListenerPose): void {
  const l = target;
  if (!l) return;
  try {
    moveListener(l, pose);
  } catch (e) {
    // The sound stops (the handler releases it); the picture goes on.
    const report = onFailure;
    setListenerTarget(null);
    report?.(e);
  }
}

function moveListener(l: AudioListener, pose: ListenerPose): void {
  const e = pose.matrixWorld.elements;
  const px = e[12] as number,
    py = e[13] as number,
    pz = e[14] as number;
  // Forward is the camera's -Z axis, up its +Y axis (columns 2 and 1 of the matrix).
  const fx = -(e[8] as number),
    fy = -(e[9] as number),
    fz = -(e[10] as number);
  const ux = e[4] as number,
    uy = e[5] as number,
    uz = e[6] as number;
  if (l.positionX) {
    l.positionX.value = px;
    l.positionY.value = py;
    l.positionZ.value = pz;
    l.forwardX.value = fx;
    l.forwardY.value = fy;
    l.forwardZ.value = fz;
    l.upX.value = ux;
    l.upY.value = uy;
    l.upZ.value = uz;
  } else {
    // Browsers without AudioParams on the listener (older Safari, Firefox).
    l.setPosition(px, py, pz);
    l.setOrientation(fx, fy, fz, ux, uy, uz);
  }
}
