import type { XRStore } from '@react-three/xr';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ShowSource } from '../../net/show-source.ts';
import type { StoryFont } from '../../scene/Stories.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { openSource } from './open-source.ts';
import type { DisplayParams } from './params.ts';
import { loadStoryFont } from './story-font.ts';
import { testHook } from './test-hook.ts';
import { DesktopView, WallView, type ViewEvents } from './views.tsx';
import { createDisplayXRStore } from './xr-store.ts';

/** Seconds between attempts to reach the server: a wall waits for it rather than giving up. */
const RETRY_SECONDS = 2;
/** Frames drawn before the page counts as ready (the first frames compile shaders and upload buffers). */
const READY_FRAMES = 3;

/** Tries `load` until it succeeds, showing each failure; stops when the page goes away. */
function useRetrying<T>(load: () => Promise<T>, onError: (message: string | undefined) => void): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      load().then((v) => {
        if (stopped) return;
        onError(undefined);
        setValue(() => v);
      }, (err: unknown) => {
        if (stopped) return;
        onError(`${(err as Error).message} (trying again in ${RETRY_SECONDS} s)`);
        timer = setTimeout(attempt, RETRY_SECONDS * 1000);
      });
    };
    attempt();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once per page
  }, []);
  return value;
}

export function DisplayApp({ params }: { readonly params: DisplayParams }) {
  const hook = useMemo(() => testHook(), []);
  const [loadError, setLoadError] = useState<string>();
  const [drawn, setDrawn] = useState(false);
  const source = useRetrying<ShowSource>(() => openSource(params), setLoadError);
  const font = useRetrying<StoryFont>(loadStoryFont, setLoadError);
  const store = useRetrying<XRStore | null>(() => (params.display ? Promise.resolve(null) : createDisplayXRStore()), setLoadError);
  const pendingText = useRef(0);

  const wall = params.display && source ? source.installation().spec.displays.walls[params.display] : undefined;
  const walls = source ? Object.keys(source.installation().spec.displays.walls) : [];
  const configError = params.display && source && !wall
    ? `there is no wall "${params.display}" in this installation: ${walls.length ? `open one of ${walls.map((w) => `?display=${w}`).join(', ')}` : 'add it under displays.walls in installation.yaml'}`
    : undefined;
  const error = configError ?? loadError;
  useEffect(() => {
    if (error) hook.error = error;
    else delete hook.error;
  }, [error, hook]);

  const events = useMemo<ViewEvents>(() => ({
    onFrame(frame, xr) {
      hook.frames++;
      hook.t = frame.state.t;
      hook.quality.budget = frame.budget;
      if (xr) {
        hook.xrFrames++;
        hook.firstXrFrameAtMs ??= performance.now();
      }
      if (!hook.ready && hook.frames >= READY_FRAMES && pendingText.current === 0) {
        hook.ready = true;
        setDrawn(true);
      }
    },
    onPendingText(pending) {
      pendingText.current = pending;
      hook.pendingText = pending;
    },
    onQuality(q) {
      hook.quality.level = q.level;
      hook.quality.pixelRatio = q.pixelRatio;
    },
  }), [hook]);

  useEffect(() => {
    for (const [name, done] of [['show', source], ['font', font], ['xr', store], ['ready', drawn || undefined]] as const) {
      if (done !== undefined) hook.loadedAtMs[name] ??= Math.round(performance.now());
    }
  }, [hook, source, font, store, drawn]);

  const steps = [
    { label: 'show', done: source !== undefined },
    { label: 'font', done: font !== undefined },
    ...(params.display ? [] : [{ label: 'XR', done: store !== undefined }]),
    { label: 'first frame', done: drawn },
  ];
  const title = source?.installation().spec.title ?? 'Meshwork';
  let view = null;
  if (source && font && !configError) {
    if (params.display && wall) {
      view = <WallView source={source} font={font} events={events} wallId={params.display} wall={wall} calibrate={params.calibrate} token={params.token} />;
    } else if (!params.display && store) {
      view = <DesktopView source={source} font={font} events={events} store={store} />;
    }
  }
  return (
    <>
      {view}
      <LoadingScreen title={title} steps={steps} done={drawn} error={error} fade={params.t === undefined} />
    </>
  );
}
