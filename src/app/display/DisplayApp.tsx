import type { XRStore } from '@react-three/xr';
import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LiveSource } from '../../net/live-source.ts';
import type { ShowSource } from '../../net/show-source.ts';
import type { StoryFont } from '../../scene/Stories.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { openSource } from './open-source.ts';
import type { DisplayParams } from './params.ts';
import { prepareArrivingStories, warmShowFonts } from '../../scene/font-warm.ts';
import { loadStoryFont } from './story-font.ts';
import { useDisplayT, type DisplayTranslate } from './strings.ts';
import { reportingTo, testHook } from './test-hook.ts';
import { TransportBar } from './TransportBar.tsx';
import { Readiness } from './readiness.ts';
import { reloadPage, watchFrames } from './watchdog.ts';
import type { DesktopView } from './DesktopView.tsx';
import { WallView, type ViewEvents } from './views.tsx';

/** Seconds between attempts to reach the server: a wall waits for it rather than giving up. */
const RETRY_SECONDS = 2;
/** The headset's and desktop's view with its XR store: loaded only on `/` (a wall never loads the XR code). */
interface Desktop {
  readonly store: XRStore;
  readonly View: typeof DesktopView;
}

/** What main.tsx started before React: the show and the fonts are fetched while the bundle's React tree
 * mounts (on a loaded wall PC that takes seconds), each taken as the first attempt of its load. */
export interface EarlyLoads {
  readonly source?: Promise<ShowSource>;
  readonly font?: Promise<StoryFont>;
  /** The page's AudioContext, made as it started (for SoundGate). */
  readonly audio?: AudioContext;
}

/** Tries `load` until it succeeds, showing each failure; stops when the page goes away. `first`: the first
 * attempt, already started. */
function useRetrying<T>(load: () => Promise<T>, onError: (message: string | undefined) => void, first?: Promise<T>): T | undefined {
  const t: DisplayTranslate = useDisplayT();
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let started = first;
    const attempt = () => {
      const once = started ?? load();
      started = undefined;
      once.then(
        (v) => {
          if (stopped) return;
          onError(undefined);
          setValue(() => v);
        },
        (err: unknown) => {
          if (stopped) return;
          onError(t('loading.retrying', { error: (err as Error).message, seconds: RETRY_SECONDS }));
          timer = setTimeout(attempt, RETRY_SECONDS * 1000);
        },
      );
    };
    attempt();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // Loads once per page: `load` and `onError` are not dependencies on purpose.
  }, []);
  return value;
}

export function DisplayApp({ params, early = {} }: { readonly params: DisplayParams; readonly early?: EarlyLoads }) {
  const t = useDisplayT();
  const hook = useMemo(() => testHook(), []);
  const [loadError, setLoadError] = useState<string>();
  const [drawn, setDrawn] = useState(false);
  const opened = useRetrying<ShowSource>(() => openSource(params), setLoadError, early.source);
  const source = useMemo(() => opened && reportingTo(hook, opened), [opened, hook]);
  const font = useRetrying<StoryFont>(loadStoryFont, setLoadError, early.font);
  // The first frame does not wait for the fonts (the canvas is built and its shaders compile meanwhile),
  // but the page is ready only with them: a story on screen must be drawn as on every other wall.
  // Frames counted from the fonts' arrival, and the detail drawn until ready (readiness.ts).
  const fontIn = useRef(false);
  fontIn.current = font !== undefined;
  const [readiness] = useState(() => new Readiness());
  const desktop = useRetrying<Desktop | null>(
    () =>
      params.display
        ? Promise.resolve(null)
        : Promise.all([import('./xr-store.ts'), import('./DesktopView.tsx')]).then(async ([xr, view]) => ({
            store: await xr.createDisplayXRStore((requested, supported) => {
              hook.xr = { ...hook.xr, supportedFrameRates: supported, ...(requested !== false ? { requestedFrameRate: requested } : {}) };
            }),
            View: view.DesktopView,
          })),
    setLoadError,
  );
  const store = desktop?.store;
  const pendingText = useRef(0);

  const wall = params.display && source ? source.installation().spec.displays.walls[params.display] : undefined;
  const walls = source ? Object.keys(source.installation().spec.displays.walls) : [];
  const configError =
    params.display && source && !wall
      ? walls.length
        ? t('error.noWall', { wall: params.display, walls: walls.map((w) => `?display=${w}`).join(', ') })
        : t('error.noWalls', { wall: params.display })
      : undefined;
  const [drawError, setDrawError] = useState<string>();
  const error = configError ?? drawError ?? loadError;
  useEffect(() => {
    if (error) hook.error = error;
    else delete hook.error;
    // The operator sees it too: a wall showing nothing is found from the console, not by walking to it.
    source?.setStats?.({ displayError: error });
  }, [error, hook, source]);

  // The console learns of every reload this tab had (the watchdogs) and every restart of its browser (the
  // kiosk, which calls noteKiosk): a wall that came back by itself still tells someone it went away.
  useEffect(() => {
    if (!source) return;
    const { reloads, lastReload } = hook.watchdog;
    if (reloads > 0) source.setStats?.({ reloads, ...(lastReload !== undefined ? { reloadReason: lastReload.slice(0, 300) } : {}) });
    hook.noteKiosk = (restarts, reason) =>
      source.setStats?.({ kioskRestarts: restarts, ...(reason !== undefined ? { kioskReason: reason.slice(0, 300) } : {}) });
    return () => {
      delete hook.noteKiosk;
    };
  }, [hook, source]);

  // Frame rate over the last second, sent to the operator console (a live source only).
  const fps = useRef({ since: 0, frames: 0 });
  const events = useMemo<ViewEvents>(() => {
    const at = () => ({ fontIn: fontIn.current, pendingText: pendingText.current });
    return {
      detail: () => readiness.detail(at()),
      onFrame(frame, xr) {
        // What this frame's budget was computed with: Stage calls the budget and then onFrame, nothing between.
        if (readiness.detail(at()) === 1) hook.loadedAtMs.detail ??= Math.round(performance.now());
        const nowMs = performance.now();
        fps.current.frames++;
        if (nowMs - fps.current.since >= 1000) {
          if (fps.current.since > 0) {
            const particles = Number.isFinite(frame.budget) ? { particles: Math.round(frame.budget) } : {};
            source?.setStats?.({ fps: (fps.current.frames * 1000) / (nowMs - fps.current.since), ...particles });
          }
          fps.current = { since: nowMs, frames: 0 };
        }
        hook.frames++;
        // The first frame begins (the scene is built) and, at the second, has been drawn: between the two the
        // renderer compiled the shaders and uploaded the buffers.
        if (hook.frames <= 2) hook.loadedAtMs[hook.frames === 1 ? 'frame' : 'drawn'] ??= Math.round(nowMs);
        hook.t = frame.state.t;
        hook.phase = frame.state.phase.id;
        hook.blackout = frame.state.blackout;
        hook.held = frame.state.held;
        hook.frameAtEpochMs = Date.now();
        hook.quality.budget = frame.budget;
        if (xr) {
          hook.xrFrames++;
          hook.firstXrFrameAtMs ??= performance.now();
        }
        if (readiness.frame(at())) {
          hook.ready = true;
          setDrawn(true);
        }
      },
      onPendingText(pending) {
        pendingText.current = pending;
        hook.pendingText = pending;
      },
      onTextLayout(boxes) {
        hook.textBoxes = boxes;
      },
      onQuality(q, xr) {
        hook.quality.level = q.level;
        hook.quality.pixelRatio = q.pixelRatio;
        hook.quality.xr = xr !== undefined;
        if (xr) hook.xr = { ...hook.xr, ...xr };
      },
    };
  }, [hook, source, readiness]);

  // A live page whose frame loop stops reloads itself (a frozen one is a poster or a tool's still: the tool
  // has its own timeout). Counted from the first complete frame: loading is not a stall.
  useEffect(() => {
    if (params.t !== undefined) return;
    return watchFrames({
      frames: () => (hook.ready ? hook.frames : 0),
      paused: () => document.visibilityState !== 'visible' || hook.watchdog.contextLost || store?.getState().session != null,
      onStall: (reason) => reloadPage(reason, hook.watchdog),
    });
  }, [hook, params.t, store]);

  // A live page loads a story's fonts as it arrives and, once drawn, those of its show's texts at idle
  // (src/scene/font-warm.ts): a frozen page (a poster, a film) draws only what its t shows.
  useEffect(() => (source && font && !source.frozen ? prepareArrivingStories(source, font) : undefined), [source, font]);
  useEffect(() => (source && font && drawn && !source.frozen ? warmShowFonts(source, font) : undefined), [source, font, drawn]);

  useEffect(() => {
    for (const [name, done] of [
      ['show', source],
      ['font', font],
      ['xr', desktop],
      ['ready', drawn || undefined],
    ] as const) {
      if (done !== undefined) hook.loadedAtMs[name] ??= Math.round(performance.now());
    }
  }, [hook, source, font, desktop, drawn]);

  const steps = [
    { label: t('loading.show'), done: source !== undefined },
    { label: t('loading.font'), done: font !== undefined },
    ...(params.display ? [] : [{ label: t('loading.xr'), done: desktop !== undefined }]),
    { label: t('loading.firstFrame'), done: drawn },
  ];
  const title = source?.installation().spec.title ?? 'Meshwork';
  let view = null;
  if (source && !configError) {
    if (params.display && wall) {
      view = (
        <WallView
          source={source}
          font={font}
          events={events}
          audio={early.audio}
          wallId={params.display}
          wall={wall}
          calibrate={params.calibrate}
          token={params.token}
        />
      );
    } else if (!params.display && desktop) {
      // A replay's desktop page gets the transport bar (a live source whose server sent a transport).
      const live = opened && 'replica' in opened ? (opened as LiveSource) : undefined;
      const replica = live?.replica.state().transport ? live.replica : undefined;
      view = (
        <>
          <desktop.View source={source} font={font} events={events} audio={early.audio} store={desktop.store} />
          {replica && <TransportBar replica={replica} />}
        </>
      );
    }
  }
  const notDrawn = (e: Error) =>
    setDrawError(params.display ? t('error.wallNotDrawn', { wall: params.display, error: e.message }) : t('error.viewNotDrawn', { error: e.message }));
  return (
    <>
      {view && <DrawBoundary onError={notDrawn}>{view}</DrawBoundary>}
      <LoadingScreen title={title} steps={steps} done={drawn} error={error} fade={params.t === undefined} />
    </>
  );
}

/** Catches an exception while drawing (a camera that cannot be built, a shader that does not compile) so
 * the page shows what went wrong and reports it, instead of going black in silence. */
class DrawBoundary extends Component<{ readonly onError: (error: Error) => void; readonly children: ReactNode }, { readonly failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error): void {
    this.props.onError(error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
