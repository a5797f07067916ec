import { OrbitControls } from '@react-three/drei';
import { Canvas, useFrame, type RootState } from '@react-three/fiber';
import { IfInSessionMode, XR, XROrigin, type XRStore } from '@react-three/xr';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import { SoundGate, updateListener } from '../../audio/index.ts';
import type { WallSpec } from '../../core/schema/displays.ts';
import type { ShowState } from '../../core/show.ts';
import type { ShowSource } from '../../net/show-source.ts';
import type { ShowFrame } from '../../scene/frame.ts';
import { particleBudget, type QualityState } from '../../scene/quality/adaptive-quality.ts';
import { QualityDriver } from '../../scene/quality/QualityDriver.tsx';
import type { HeadsetRate } from '../../scene/quality/xr-rate.ts';
import { wallCells } from '../../scene/layout/wall-cells.ts';
import { Room } from '../../scene/Room.tsx';
import { Stage } from '../../scene/Stage.tsx';
import type { ScreenBox, StoryFont } from '../../scene/Stories.tsx';
import { WallCamera } from '../../scene/WallCamera.tsx';
import { WarpPass } from '../../scene/WarpPass.tsx';
import { IDENTITY_QUAD, type Blend, type Quad } from '../../scene/warp.ts';
import { Calibration } from './Calibration.tsx';
import { FilmCapture } from './FilmCapture.tsx';
import { HelpOverlay, type HelpOverlayProps } from './HelpOverlay.tsx';
import { testHook } from './test-hook.ts';
import { soundWords, useDisplayT } from './strings.ts';
import { keepAwake } from './wake-lock.ts';
import { watchContext } from './watchdog.ts';

/** What the page learns from a view: frames drawn, text still being laid out, quality changes. */
export interface ViewEvents {
  readonly onFrame: (frame: ShowFrame, xr: boolean) => void;
  readonly onPendingText: (pending: number) => void;
  /** Where the story cards are on this screen (fractions of it), every frame. */
  readonly onTextLayout: (boxes: readonly ScreenBox[]) => void;
  /** `xr`: inside an immersive session, what the headset's governor applied. */
  readonly onQuality: (state: QualityState, xr?: HeadsetRate) => void;
}

interface ViewProps {
  readonly source: ShowSource;
  /** Undefined while the story fonts load (the room draws without its texts until then). */
  readonly font: StoryFont | undefined;
  readonly events: ViewEvents;
}

/**
 * While the fonts load the canvas draws its first frame (which compiles the shaders and uploads the buffers,
 * in parallel with the fonts) and then waits for them: frames before the fonts are hidden under the loading
 * screen, and a running loop on a software GPU competes with the fonts' loading (measured while troika still
 * drew the stories: fonts in after 22 s instead of 4). Once they are in, the loop runs.
 */
const frameloopFor = (font: StoryFont | undefined) => (font ? 'always' : 'demand');

/** The ears follow the camera (or the headset). */
function Listener() {
  useFrame(({ camera }) => updateListener(camera));
  return null;
}

const total = (state: ShowState) => state.sculptures.reduce((n, s) => n + s.particles, 0);

/** Adaptive quality's fraction, kept outside React: the frame reads it, a change does not re-render. */
function useBudgetFraction(events: ViewEvents): { fraction: () => number; onQuality: (q: QualityState, xr?: HeadsetRate) => void } {
  const [box] = useState(() => ({ value: 1 }));
  const onQuality = useCallback(
    (q: QualityState, xr?: HeadsetRate) => {
      box.value = q.budget;
      events.onQuality(q, xr);
    },
    [box, events],
  );
  return { fraction: useCallback(() => box.value, [box]), onQuality };
}

/**
 * A canvas that is built again when its lost WebGL context comes back: `key` changes, React mounts a new
 * Canvas (a new context, every buffer, texture and shader uploaded afresh) and its first frame is the show
 * at the current t. Rebuilding is surer than three's own restore, which would have to bring back every
 * texture, render target and text atlas in place.
 */
function useCanvasRebuild(): { readonly key: number; readonly onCreated: (state: RootState) => void } {
  const [key, setKey] = useState(0);
  const stop = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => stop.current?.(), []);
  const onCreated = useCallback((state: RootState) => {
    testHook().loadedAtMs.canvas ??= Math.round(performance.now());
    stop.current?.();
    stop.current = watchContext(state.gl.domElement, {
      record: testHook().watchdog,
      onRestored: () => {
        // The old canvas is let go of first: unmounting it loses its context on purpose.
        stop.current?.();
        stop.current = undefined;
        setKey((k) => k + 1);
      },
    });
  }, []);
  return { key, onCreated };
}

/** `/`: the desktop preview (orbit camera) and the headset (Enter VR, standing at displays.headset.spawn). */
export function DesktopView({ source, font, events, store }: ViewProps & { readonly store: XRStore }) {
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
  const rebuild = useCanvasRebuild();
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
        frameloop={frameloopFor(font)}
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
      </Canvas>
      <SoundGate source={source} display={{ kind: inSession ? 'headset' : 'desktop' }} indicator={!inSession} words={soundWords(t)} />
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

const NO_BLEND: Blend = { left: 0, right: 0, top: 0, bottom: 0, gamma: 2.2 };

/** `/?display=<wall>`: full screen, no UI, no cursor, the screen kept awake; tile, corner pin and soft edges
 * from the installation file; with `&calibrate`, the overlay that sets them. */
export function WallView({
  source,
  font,
  events,
  wallId,
  wall,
  calibrate,
  token,
}: ViewProps & {
  readonly wallId: string;
  readonly wall: WallSpec;
  readonly calibrate: boolean;
  readonly token?: string;
}) {
  const { fraction, onQuality } = useBudgetFraction(events);
  const budget = useCallback(
    (state: ShowState) => {
      const cap = state.installation.spec.displays.walls[wallId]?.particleBudget;
      return particleBudget(total(state), cap, fraction());
    },
    [wallId, fraction],
  );
  // The projectors of this wall, so that texts never straddle a seam between two of them.
  const t = useDisplayT();
  const walls = source.installation().spec.displays.walls;
  const cells = useMemo(() => wallCells(walls, wallId)?.cells, [walls, wallId]);
  const [warp, setWarp] = useState<Quad | undefined>(wall.warp);
  const [blend, setBlend] = useState<Blend | undefined>(wall.blend);
  useEffect(() => keepAwake(), []);
  const rebuild = useCanvasRebuild();
  const pass = calibrate || warp !== undefined || blend !== undefined;
  return (
    <div
      className={`wall${calibrate ? ' calibrating' : ''}`}
      style={{ position: 'fixed', inset: 0 }}
      onDoubleClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
    >
      <Canvas key={rebuild.key} onCreated={rebuild.onCreated} frameloop={frameloopFor(font)} gl={{ antialias: true }}>
        <WallCamera camera={wall.camera} frustum={wall.frustum} tile={wall.tile} />
        <Stage source={source} budget={budget} onFrame={events.onFrame}>
          {(getFrame) => (
            <Room getFrame={getFrame} font={font} onPendingText={events.onPendingText} cells={cells} onTextLayout={events.onTextLayout} wall={wallId} />
          )}
        </Stage>
        {pass && <WarpPass warp={warp} blend={blend} grid={calibrate} />}
        <QualityDriver enabled={!source.frozen} still={() => source.rate?.() === 0} onChange={onQuality} />
        <Listener />
        {source.frozen && <FilmCapture />}
      </Canvas>
      <SoundGate source={source} display={{ kind: 'wall', id: wallId }} indicator={false} words={soundWords(t)} />
      {calibrate && (
        <Calibration
          wallId={wallId}
          warp={warp ?? IDENTITY_QUAD}
          blend={blend ?? NO_BLEND}
          tile={wall.tile}
          token={token}
          onChange={(w, b) => {
            setWarp(w);
            setBlend(b);
          }}
        />
      )}
    </div>
  );
}
