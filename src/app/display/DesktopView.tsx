import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { IfInSessionMode, XR, XROrigin, type XRStore } from '@react-three/xr';
import { useCallback, useState, useSyncExternalStore } from 'react';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import { SoundGate } from '../../audio/SoundGate.tsx';
import type { ShowState } from '../../core/show.ts';
import { particleBudget } from '../../scene/quality/adaptive-quality.ts';
import { QualityDriver } from '../../scene/quality/QualityDriver.tsx';
import { Room } from '../../scene/Room.tsx';
import { Stage } from '../../scene/Stage.tsx';
import { FilmCapture } from './FilmCapture.tsx';
import { HelpOverlay, type HelpOverlayProps } from './HelpOverlay.tsx';
import { soundWords, useDisplayT } from './strings.ts';
import { Listener, total, useBudgetFraction, useCanvasRebuild, type ViewEvents, type ViewProps } from './views.tsx';

// The headset's and desktop preview's view, in a chunk of its own (DisplayApp imports it only on `/`): the
// XR stack (@react-three/xr, @pmndrs/xr, pointer events) and the orbit controls are about 300 KB of source
// a projection wall never runs, and every kilobyte a wall parses delays its first frame after a crash.

/** `/`: the desktop preview (orbit camera) and the headset (Enter VR, standing at displays.headset.spawn). */
export function DesktopView({ source, font, events, audio, store }: ViewProps & { readonly store: XRStore }) {
  const displays = source.installation().spec.displays;
  const cam = displays.desktop.camera;
  const { fraction, onQuality } = useBudgetFraction(events);
  const budget = useCallback(
    (state: ShowState) => {
      const d = state.installation.spec.displays;
      const cap = store.getState().session ? d.headset.particleBudget : d.desktop.particleBudget;
      return particleBudget(total(state), cap, fraction());
    },
    [store, fraction],
  );
  const t = useDisplayT();
  const [entering, setEntering] = useState(false);
  const phase = usePhase(events);
  // The arrow keys slide the view (the help names them): three-stdlib's controls listen for them on request,
  // and stop when they are disposed (leaving the page, entering VR). A stable ref: called once per mount.
  const orbit = useCallback((c: OrbitControlsImpl | null) => c?.listenToKeyEvents(document.body), []);
  const inSession = useSyncExternalStore(store.subscribe, () => store.getState().session != null);
  const rebuild = useCanvasRebuild(font);
  const enter = () => {
    setEntering(true);
    const hook = window.__meshwork;
    if (hook) hook.enterVrAtMs = performance.now();
    store
      .enterVR()
      .catch((err: unknown) => {
        if (hook) hook.error = `could not start VR: ${(err as Error).message}`;
      })
      .finally(() => setEntering(false));
  };
  return (
    <>
      <Canvas
        key={rebuild.key}
        onCreated={rebuild.onCreated}
        frameloop={rebuild.frameloop}
        camera={{ position: [...cam.position], fov: cam.fov, near: 0.05, far: 200 }}
        gl={{ antialias: true }}
      >
        <XR store={store}>
          <Stage source={source} budget={budget} onFrame={phase.onFrame}>
            {(getFrame) => <Room getFrame={getFrame} font={font} onPendingText={events.onPendingText} onTextLayout={events.onTextLayout} />}
          </Stage>
          <XROrigin position={[...displays.headset.spawn]} />
          <IfInSessionMode deny={['immersive-vr', 'immersive-ar']}>
            <OrbitControls makeDefault target={[...cam.target]} enableDamping={!source.frozen} maxDistance={30} ref={orbit} />
          </IfInSessionMode>
          <QualityDriver enabled={!source.frozen} still={() => source.rate?.() === 0} onChange={onQuality} />
          <Listener />
          {source.frozen && <FilmCapture />}
        </XR>
        {rebuild.compileAhead}
      </Canvas>
      <SoundGate source={source} display={{ kind: inSession ? 'headset' : 'desktop' }} indicator={!inSession} words={soundWords(t)} context={audio} />
      {/* A frozen view is a poster or a test: no controls over it. */}
      {!source.frozen && !inSession && <HelpOverlay title={source.installation().spec.title} phase={phase.value} />}
      {!source.frozen && (
        <button type="button" className="enter-vr" onClick={enter} disabled={entering}>
          {t('vr.enter')}
        </button>
      )}
    </>
  );
}

/** The phase now, for the help: React re-renders only when it changes, not every frame. */
function usePhase(events: ViewEvents): { value: HelpOverlayProps['phase']; onFrame: ViewEvents['onFrame'] } {
  const [value, setValue] = useState<HelpOverlayProps['phase']>();
  const onFrame = useCallback<ViewEvents['onFrame']>(
    (frame, xr) => {
      events.onFrame(frame, xr);
      const { label, holding } = frame.state.phase;
      setValue((v) => (v?.label === label && v.holding === holding ? v : { label, holding }));
    },
    [events],
  );
  return { value, onFrame };
}
