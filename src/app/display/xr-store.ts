import { createXRStore, type XRStore } from '@react-three/xr';
import { XR_PROFILES_PATH } from './offline-paths.ts';

/** Hosts where the WebXR emulator (IWER) may stand in for a headset: a developer's or a test's machine. */
function emulationAllowed(): boolean {
  const host = location.hostname;
  return import.meta.env.DEV || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * The XR store of the `/` page: controllers and hands drawn with the models Meshwork serves (never a CDN),
 * and on a developer's machine an emulated Meta Quest 3 when the browser has no headset.
 *
 * Desktop Chromium always has a native `navigator.xr` that supports no immersive session, and IWER does not
 * install itself over a native runtime, so the native one is hidden first, but only when it cannot do
 * immersive-vr: a real headset opened on http://localhost (adb reverse) keeps its own runtime.
 */
export async function createDisplayXRStore(): Promise<XRStore> {
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
    // An emulated headset renders on the CPU in tests and on a laptop: half its (Quest 3 sized) framebuffer.
    ...(emulate ? { frameBufferScaling: 0.5 } : {}),
  });
}
