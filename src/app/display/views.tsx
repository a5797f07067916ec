import { Canvas, useFrame, type RootState } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { updateListener } from '../../audio/listener.ts';
import { SoundGate } from '../../audio/SoundGate.tsx';
import type { WallSpec } from '../../core/schema/displays.ts';
import type { ShowState } from '../../core/show.ts';
import type { ShowSource } from '../../net/show-source.ts';
import type { ShowFrame } from '../../scene/frame.ts';
import { particleBudget, type QualityState } from '../../scene/quality/adaptive-quality.ts';
import { QualityDriver } from '../../scene/quality/QualityDriver.tsx';
import type { HeadsetRate } from '../../scene/quality/xr-rate.ts';
import { wallCells } from '../../scene/layout/wall-cells.ts';
import { CompileAhead } from '../../scene/CompileAhead.tsx';
import { Room } from '../../scene/Room.tsx';
import { Stage } from '../../scene/Stage.tsx';
import type { ScreenBox, StoryFont } from '../../scene/Stories.tsx';
import { WallCamera } from '../../scene/WallCamera.tsx';
import { WarpPass } from '../../scene/WarpPass.tsx';
import { IDENTITY_QUAD, type Blend, type Quad } from '../../scene/warp.ts';
import { Calibration } from './Calibration.tsx';
import { FilmCapture } from './FilmCapture.tsx';
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
  /** Fraction of the particles to draw now, 0..1, read with each frame's budget: below 1 while the page
   * loads under its loading screen (DisplayApp's LOADING_DETAIL), 1 from the frame it shows on. */
  readonly detail: () => number;
}

export interface ViewProps {
  readonly source: ShowSource;
  /** Undefined while the story fonts load (the room draws without its texts until then). */
  readonly font: StoryFont | undefined;
  readonly events: ViewEvents;
  /** The page's AudioContext, made as it started: the sound plays through it (SoundGate). */
  readonly audio?: AudioContext;
}

/**
 * Until its programs are compiled (CompileAhead) the canvas draws nothing. While the fonts load it then draws
 * its first frame and waits for them: frames before the fonts are hidden under the loading screen, and a
 * running loop on a software GPU competes with the fonts' loading (measured while troika still drew the
 * stories: fonts in after 22 s instead of 4). Once they are in, the loop runs.
 */
const frameloopFor = (font: StoryFont | undefined, compiled: boolean) => (!compiled ? 'never' : font ? 'always' : 'demand');

/** The ears follow the camera (or the headset). */
export function Listener() {
  useFrame(({ camera }) => updateListener(camera));
  return null;
}

export const total = (state: ShowState) => state.sculptures.reduce((n, s) => n + s.particles, 0);

/** Adaptive quality's fraction (times the page's loading detail), kept outside React: the frame reads it, a
 * change does not re-render. */
export function useBudgetFraction(events: ViewEvents): { fraction: () => number; onQuality: (q: QualityState, xr?: HeadsetRate) => void } {
  const [box] = useState(() => ({ value: 1 }));
  const onQuality = useCallback(
    (q: QualityState, xr?: HeadsetRate) => {
      box.value = q.budget;
      events.onQuality(q, xr);
    },
    [box, events],
  );
  return { fraction: useCallback(() => box.value * events.detail(), [box, events]), onQuality };
}

/**
 * A canvas that is built again when its lost WebGL context comes back: `key` changes, React mounts a new
 * Canvas (a new context, every buffer, texture and shader uploaded afresh) and its first frame is the show
 * at the current t. Rebuilding is surer than three's own restore, which would have to bring back every
 * texture, render target and text atlas in place. `throughPass`: the canvas draws through WarpPass, whose
 * programs CompileAhead compiles too.
 */
export function useCanvasRebuild(
  font: StoryFont | undefined,
  throughPass = false,
): {
  readonly key: number;
  readonly onCreated: (state: RootState) => void;
  readonly frameloop: 'always' | 'demand' | 'never';
  /** Goes inside the Canvas: compiles its programs before the first frame. */
  readonly compileAhead: ReactElement;
} {
  const [key, setKey] = useState(0);
  // Which canvas (key) has compiled its programs: a rebuilt one compiles again.
  const [compiledKey, setCompiledKey] = useState<number>();
  const compiled = compiledKey === key;
  const onCompiled = useCallback(() => {
    testHook().loadedAtMs.compiled ??= Math.round(performance.now());
    setCompiledKey(key);
  }, [key]);
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
  return {
    key,
    onCreated,
    frameloop: frameloopFor(font, compiled),
    compileAhead: <CompileAhead compiled={compiled} onCompiled={onCompiled} throughPass={throughPass} />,
  };
}

const NO_BLEND: Blend = { left: 0, right: 0, top: 0, bottom: 0, gamma: 2.2 };

/** `/?display=<wall>`: full screen, no UI, no cursor, the screen kept awake; tile, corner pin and soft edges
 * from the installation file; with `&calibrate`, the overlay that sets them. */
export function WallView({
  source,
  font,
  events,
  audio,
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
  const pass = calibrate || warp !== undefined || blend !== undefined;
  const rebuild = useCanvasRebuild(font, pass);
  return (
    <div
      className={`wall${calibrate ? ' calibrating' : ''}`}
      style={{ position: 'fixed', inset: 0 }}
      onDoubleClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
    >
      <Canvas key={rebuild.key} onCreated={rebuild.onCreated} frameloop={rebuild.frameloop} gl={{ antialias: true }}>
        {rebuild.compileAhead}
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
      <SoundGate source={source} display={{ kind: 'wall', id: wallId }} indicator={false} words={soundWords(t)} context={audio} />
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
