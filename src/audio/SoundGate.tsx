import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import type { ShowSource } from '../net/show-source.ts';
import { displayPlaysSound, type SoundDisplay } from './plays-sound.ts';
import type { SoundHandle, StartSoundOptions } from './sound.ts';

/** Tone.js and the sound's path, loaded only by a gate whose display plays sound (tone-gate.ts). */
type ToneGate = typeof import('./tone-gate.ts');

export interface SoundGateProps {
  readonly source: ShowSource;
  readonly display: SoundDisplay;
  /** Show the "tap for sound" hint and the small "sound on / muted" button. Default true. Walls pass false:
   * a projection never shows interface; when its browser blocks sound, the operator is told instead
   * (stats.soundBlocked) and a click or key on the wall still unlocks it. */
  readonly indicator?: boolean;
  /** URL of an audio file of the installation (instrument `sample`). */
  readonly sampleUrl?: StartSoundOptions['sampleUrl'];
  /** What the hint and the button say, in the page's language (the display page's catalogue). */
  readonly words: SoundWords;
  /** The page's AudioContext, made as it started (pageAudioContext), which Tone then plays through. Default:
   * the one Tone makes when it is loaded. */
  readonly context?: AudioContext;
}

/** The gate's interface text: given by the page, which has the catalogue (audio holds no words). */
export interface SoundWords {
  readonly stopped: string;
  readonly starting: string;
  readonly tap: string;
  readonly mute: string;
  readonly unmute: string;
  readonly on: string;
  readonly muted: string;
}

/** 'loading': Tone.js is still being fetched; the context's state is known once it is in. */
type GateState = 'loading' | 'blocked' | 'starting' | 'on';

/** The operator reads this in the console ("sound stopped on north: ..."); the protocol caps it at 300. */
const MAX_ERROR_LENGTH = 200;

const messageOf = (e: unknown): string => {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0] || 'unknown error';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
};

/**
 * The one component a display mounts for sound. Browsers keep audio off until the person touches the page:
 * any tap or key anywhere unlocks it (listened for on the window, in the capture phase), so the first tap
 * does what it was meant for as well: a tap on Enter VR enters VR and starts the sound. Meanwhile a hint
 * says so, without catching a single click (pointer-events: none). Once on, a small button shows whether
 * sound plays and mutes it. Renders nothing on a display whose installation says it plays no sound, or for
 * a frozen source, or for a replay that is paused.
 *
 * Tone.js is imported when the display turns out to play sound (not before: a silent wall never loads it). A
 * tap while it loads is kept and acted on once it is in (the page has had its gesture by then).
 *
 * Sound never breaks the page: an exception anywhere in its path (starting the graph, scheduling, the
 * listener's update in the frame loop) stops the sound for the rest of the page's life, and the page reports
 * it to the operator through its stats (`soundError`); the picture keeps running.
 */
export function SoundGate({ source, display, indicator = true, sampleUrl, words, context }: SoundGateProps) {
  // Called through the source (not passed unbound): a ShowSource may be a class instance.
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source]);
  const wanted = useSyncExternalStore(
    subscribe,
    // A replay sounds while it plays, at any speed (the score at the replay's t: the music at that speed);
    // paused there is nothing to hear.
    () => !source.frozen && (source.rate?.() ?? 1) > 0 && displayPlaysSound(source.log().installationAt(source.installation(), source.now()), display),
  );
  const [tone, setTone] = useState<ToneGate>();
  const [state, setState] = useState<GateState>('loading');
  const [muted, setMuted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const handle = useRef<SoundHandle | null>(null);
  const displayRef = useRef(display);
  displayRef.current = display;
  // A gesture that came while Tone was loading: acted on when it is in.
  const tapped = useRef(false);

  // Unlock on the first gesture anywhere on the page.
  const unlock = useCallback(() => {
    if (!tone) {
      tapped.current = true;
      return;
    }
    setState((s) => (s === 'blocked' ? 'starting' : s));
    try {
      void tone.resumeTone().then(
        () => setState('on'),
        () => setState('blocked'),
      );
    } catch {
      // No Web Audio to resume: the prompt stays, and a later tap tries again.
      setState('blocked');
    }
  }, [tone]);

  useEffect(() => {
    if (!wanted || tone) return;
    let live = true;
    import('./tone-gate.ts').then(
      (m) => {
        if (!live) return;
        if (context) m.adoptContext(context);
        setTone(m);
        setState(m.contextRunning() ? 'on' : 'blocked');
      },
      // A chunk that cannot be fetched is a sound that cannot start: said as any other sound failure.
      (e: unknown) => live && setFailure(messageOf(e)),
    );
    return () => {
      live = false;
    };
    // Once per page: the context is the page's, made before the gate.
  }, [wanted, tone]);

  useEffect(() => {
    if (tone && tapped.current && state === 'blocked') {
      tapped.current = false;
      unlock();
    }
  }, [tone, state, unlock]);

  useEffect(() => {
    if (!wanted || (state !== 'blocked' && state !== 'loading')) return;
    const events = ['pointerdown', 'keydown', 'touchend'] as const;
    for (const e of events) window.addEventListener(e, unlock, { capture: true, once: true });
    return () => {
      for (const e of events) window.removeEventListener(e, unlock, { capture: true });
    };
  }, [wanted, state, unlock]);

  useEffect(() => {
    if (state === 'starting' && tone?.contextRunning()) setState('on');
  }, [state, tone]);

  // A context that starts by itself (allowed without a gesture, a moment after it was made) is sound on.
  useEffect(() => {
    if (!tone) return;
    const check = () => {
      if (tone.contextRunning()) setState((s) => (s === 'blocked' || s === 'starting' ? 'on' : s));
    };
    const stop = tone.onContextChange(check);
    // It may have started between the first look and now.
    check();
    return stop;
  }, [tone]);

  // The sound runs while wanted and unlocked.
  useEffect(() => {
    if (!wanted || !tone || state !== 'on' || failure !== null) return;
    let h: SoundHandle;
    try {
      h = tone.startSound({ source, display: displayRef.current, ...(sampleUrl ? { sampleUrl } : {}), onError: (e) => setFailure(messageOf(e)) });
    } catch (e) {
      setFailure(messageOf(e));
      return;
    }
    handle.current = h;
    return () => {
      h.stop();
      handle.current = null;
    };
  }, [wanted, tone, state, source, sampleUrl, failure]);

  useEffect(() => handle.current?.setDisplay(display), [display]);
  // The operator console shows which screens play sound.
  const playing = wanted && state === 'on' && !muted && failure === null;
  const blocked = wanted && state === 'blocked' && failure === null;
  useEffect(
    () => source.setStats?.({ soundOn: playing, soundBlocked: blocked, ...(failure !== null ? { soundError: failure } : {}) }),
    [playing, blocked, failure, source],
  );
  useEffect(() => handle.current?.setMuted(muted), [muted, state]);

  if (!wanted) return null;
  if (failure !== null) {
    return indicator ? (
      <span style={styles.pill} role="status" title={failure}>
        <SpeakerIcon size={22} on={false} />
        <span>{words.stopped}</span>
      </span>
    ) : null;
  }
  if (!indicator || state === 'loading') return null;
  if (state !== 'on') {
    return (
      <div style={styles.prompt} role="status" aria-live="polite">
        <SpeakerIcon size={28} on={false} />
        <span>{state === 'starting' ? words.starting : words.tap}</span>
      </div>
    );
  }
  return (
    <button type="button" style={styles.pill} aria-pressed={muted} aria-label={muted ? words.unmute : words.mute} onClick={() => setMuted((m) => !m)}>
      <SpeakerIcon size={22} on={!muted} />
      <span>{muted ? words.muted : words.on}</span>
    </button>
  );
}

function SpeakerIcon({ size, on }: { size: number; on: boolean }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {on ? <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" /> : <path d="M17 9l5 6M22 9l-5 6" />}
    </svg>
  );
}

const styles: Readonly<Record<'prompt' | 'pill', CSSProperties>> = {
  // A hint, not a target: the whole screen is the target (the window listens), so it lets every tap through
  // to what is under it.
  prompt: {
    position: 'fixed',
    top: '1rem',
    left: '50%',
    transform: 'translateX(-50%)',
    zIndex: 1000,
    display: 'flex',
    alignItems: 'center',
    gap: '0.6rem',
    padding: '0.6rem 1.2rem',
    borderRadius: 28,
    pointerEvents: 'none',
    whiteSpace: 'nowrap',
    background: 'rgba(8, 8, 12, 0.72)',
    color: '#f4f1ea',
    font: 'inherit',
    fontSize: 'clamp(16px, 3.2vw, 24px)',
    fontWeight: 600,
  },
  pill: {
    position: 'fixed',
    right: '1rem',
    bottom: '1rem',
    zIndex: 1000,
    display: 'flex',
    alignItems: 'center',
    gap: '0.5rem',
    minHeight: 48,
    padding: '0 1.1rem',
    borderRadius: 24,
    border: '1px solid rgba(255,255,255,0.35)',
    cursor: 'pointer',
    font: 'inherit',
    fontSize: 16,
    background: 'rgba(8, 8, 12, 0.6)',
    color: '#f4f1ea',
    touchAction: 'manipulation',
  },
};
