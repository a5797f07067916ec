import { useEffect, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { EventLog } from '../../core/event-log.ts';
import type { Installation } from '../../core/installation.ts';
import { replayTimeline, type ReplayTimeline, type TimelineMark } from '../../core/replay-timeline.ts';
import { MAX_RATE, MIN_RATE, transportAt, type Transport } from '../../core/transport.ts';
import type { Seconds } from '../../core/units.ts';
import type { TransportMessage } from '../../net/protocol.ts';
import { formatClock } from '../operator/format.ts';
import type { Translator } from './i18n.ts';
import type { TransportKey } from './strings/transport-en.ts';
import './transport.css';

/** The speeds offered (the protocol accepts any rate from MIN_RATE to MAX_RATE). */
export const SPEEDS: readonly number[] = [MIN_RATE, 0.5, 1, 1.5, 2, MAX_RATE];

/** The timeline of what the replay holds, worked out once per log change. */
export function useReplayTimeline(
  installation: Installation | undefined,
  log: EventLog,
  revision: number,
  transport: Transport | undefined,
): ReplayTimeline | undefined {
  return useMemo(
    () => (installation && transport ? replayTimeline({ installation, events: log.events, exportedAt: transport.to }) : undefined),
    // The log is appended in place: its revision says when it changed.
    [installation, log, revision, transport?.to],
  );
}

/** The show time the transport plays, re-read a few times a second (`now`: the synchronised clock). */
export function useTransportTime(transport: Transport | undefined, now: () => Seconds, everyMs = 200): Seconds {
  const read = () => (transport ? transportAt(transport, now()) : Number.NaN);
  const [t, setT] = useState(read);
  useEffect(() => {
    setT(read());
    const id = setInterval(() => setT(read()), everyMs);
    return () => clearInterval(id);
    // `read` closes over transport and now, the dependencies.
  }, [transport, now, everyMs]);
  return t;
}

export interface TransportControlsProps {
  readonly transport: Transport;
  readonly timeline: ReplayTimeline;
  /** The show time playing now. */
  readonly t: Seconds;
  /** Sends a change to the server; undefined: view only (no token). Resolves with an error text, if any. */
  readonly send?: (msg: TransportMessage) => Promise<string | undefined>;
  /** Why the controls are off, when `send` is missing. */
  readonly viewOnly?: string;
  /** `bar`: the desktop page's small bar; `panel`: the console's. */
  readonly variant: 'bar' | 'panel';
  /** The page's translator (console or display: both catalogues hold the transport's keys). */
  readonly tr: Translator<TransportKey>;
}

/** A mark's tooltip: a cue or glitch worded from the catalogue, a story in its own words. */
function markText(tr: Translator<TransportKey>, m: TimelineMark): string {
  switch (m.kind) {
    case 'cue':
      return tr('transport.markCue', { phase: m.phase });
    case 'glitch':
      return tr('transport.markGlitch', { intensity: m.intensity, seconds: m.seconds });
    case 'story':
      return m.label;
    default: {
      const never: never = m;
      return never;
    }
  }
}

const SEEK_STEP: Seconds = 5;

/**
 * Play, pause, seek on a timeline (phases as bands; cues, glitches and stories as marks) and speed, for a
 * replay. The server owns the transport: a control sends the change and the picture follows when the
 * server's `transport` push arrives, on this screen and every other at once.
 */
export function TransportControls({ transport, timeline, t, send, viewOnly, variant, tr }: TransportControlsProps) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const span = Math.max(1e-6, timeline.to - timeline.from);
  const at = (x: Seconds) => `${(((x - timeline.from) / span) * 100).toFixed(3)}%`;
  const run = (msg: TransportMessage) => {
    if (!send) return;
    setBusy(true);
    void send(msg).then((e) => {
      setBusy(false);
      setError(e);
    });
  };
  const seekTo = (x: Seconds) => run({ action: 'seek', t: Math.min(timeline.to, Math.max(timeline.from, x)) });
  const onTrack = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    seekTo(timeline.from + ((e.clientX - box.left) / Math.max(1, box.width)) * span);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowLeft' ? -SEEK_STEP : e.key === 'ArrowRight' ? SEEK_STEP : e.key === 'Home' ? -Infinity : e.key === 'End' ? Infinity : 0;
    if (step === 0) return;
    e.preventDefault();
    seekTo(Number.isFinite(step) ? t + step : step < 0 ? timeline.from : timeline.to);
  };
  const disabled = !send || busy;
  const playing = transport.playing && t < transport.to;
  return (
    <div className={`transport transport-${variant}`} data-testid="transport">
      <button
        type="button"
        className="transport-play"
        onClick={() => run({ action: playing ? 'pause' : 'play' })}
        disabled={disabled}
        aria-label={tr(playing ? 'transport.pause' : 'transport.play')}
        title={send ? undefined : viewOnly}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <span className="transport-time" data-testid="transport-time">
        {formatClock(t - timeline.from)} / {formatClock(span)}
      </span>
      <div
        className="transport-track"
        role="slider"
        tabIndex={send ? 0 : -1}
        aria-label={tr('transport.position')}
        aria-valuemin={0}
        aria-valuemax={Math.round(span)}
        aria-valuenow={Math.round(t - timeline.from)}
        aria-valuetext={tr('transport.positionOf', { at: formatClock(t - timeline.from), span: formatClock(span) })}
        aria-disabled={!send}
        onClick={send ? onTrack : undefined}
        onKeyDown={send ? onKey : undefined}
      >
        {timeline.phases.map((p, i) => (
          <span
            key={`p${i}`}
            className={`transport-phase${i % 2 ? ' odd' : ''}`}
            style={{ left: at(p.start), width: `${(((p.end - p.start) / span) * 100).toFixed(3)}%` }}
            title={p.label}
          >
            {variant === 'panel' ? p.label : ''}
          </span>
        ))}
        {timeline.marks.map((m, i) => (
          <i
            key={`m${i}`}
            className={`transport-mark mark-${m.kind}`}
            style={{ left: at(m.t) }}
            title={`${formatClock(m.t - timeline.from)} ${markText(tr, m)}`}
          />
        ))}
        <span className="transport-head" style={{ left: at(t) }} />
      </div>
      <label className="transport-speed">
        <span className="visually-hidden">{tr('transport.speed')}</span>
        <select
          value={String(transport.rate)}
          onChange={(e) => run({ action: 'speed', rate: Number(e.target.value) })}
          disabled={disabled}
          aria-label={tr('transport.speedLabel')}
        >
          {(SPEEDS.includes(transport.rate) ? SPEEDS : [...SPEEDS, transport.rate].sort((a, b) => a - b)).map((r) => (
            <option key={r} value={String(r)}>
              {tr('transport.rate', { rate: r })}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <span className="transport-error" role="alert">
          {error}
        </span>
      ) : !send && viewOnly && variant === 'panel' ? (
        <span className="transport-note">{viewOnly}</span>
      ) : null}
    </div>
  );
}
