import { createXRStore, type XRStore } from '@react-three/xr';
import { XR_LEVELS } from '../../scene/quality/adaptive-quality.ts';
import { chooseFrameRate } from '../../scene/quality/xr-rate.ts';
import { XR_PROFILES_PATH } from './offline-paths.ts';

/** Hosts where the WebXR emulator (IWER) may stand in for a headset: a developer's or a test's machine. */
function emulationAllowed(): boolean {
  const host = location.hostname;
  return import.meta.env.DEV || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * The XR store of the `/` page: controllers and hands drawn with the models Meshwork serves (never a CDN),
 * the headset's frame rate and foveation asked for, and on a developer's machine an emulated Meta Quest 3
 * when the browser has no headset.
 *
 * Desktop Chromium always has a native `navigator.xr` that supports no immersive session, and IWER does not
 * install itself over a native runtime, so the native one is hidden first, but only when it cannot do
 * immersive-vr: a real headset opened on http://localhost (adb reverse) keeps its own runtime.
 */
export async function createDisplayXRStore(onFrameRateRequest?: (requested: number | false, supported: readonly number[]) => void): Promise<XRStore> {
  let emulate = false;
  if (emulationAllowed()) {
    const native = navigator.xr;
    const supported = native ? await native.isSessionSupported('immersive-vr').catch(() => false) : false;
    if (!supported) {
      if (native) Object.defineProperty(navigator, 'xr', { value: undefined, configurable: true, writable: true });
      emulate = true;
    }
  }
  return createXRStore({
    baseAssetPath: new URL(XR_PROFILES_PATH, location.href).href,
    // No synthetic room: its environments load from a CDN, and the installation is the room.
    emulate: emulate ? { type: 'metaQuest3', inject: true, syntheticEnvironment: false } : false,
    offerSession: false,
    // The headset's rate (xr-rate.ts), asked for where the session offers a choice (supportedFrameRates).
    frameRate: (supported: ArrayLike<number>) => {
      const requested = chooseFrameRate(supported);
      onFrameRateRequest?.(requested, Array.from(supported));
      return requested;
    },
    // The foveation the headset's governor starts from (it raises it before it cuts particles); three sets
    // it only on a layer that has fixedFoveation.
    foveation: XR_LEVELS[0]?.foveation ?? 0,
    // An emulated headset renders on the CPU in tests and on a laptop: half its (Quest 3 sized) framebuffer.
    ...(emulate ? { frameBufferScaling: 0.5 } : {}),
  });
}
