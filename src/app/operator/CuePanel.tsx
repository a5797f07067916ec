import { useState } from 'react';
import type { PhaseSpec } from '../../core/schema/installation.ts';
import type { PhaseState } from '../../core/phases.ts';
import type { Reply } from '../../net/protocol.ts';
import type { OperatorSession } from './session.ts';
import { formatClock } from './format.ts';

export interface CuePanelProps {
  readonly session: OperatorSession;
  readonly phases: readonly PhaseSpec[];
  readonly phase: PhaseState;
  readonly enabled: boolean;
}

/** Cues: the next phase, a jump to any phase, and the glitch. Each answer (or refusal) is shown. */
export function CuePanel({ session, phases, phase, enabled }: CuePanelProps) {
  const [intensity, setIntensity] = useState(0.8);
  const [seconds, setSeconds] = useState(4);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: string, send: () => Promise<Reply<{ seq: number }>>) => {
    setBusy(true);
    const r = await send();
    setBusy(false);
    setResult(r.ok ? { ok: true, text: `${what} (event ${r.seq})` } : { ok: false, text: `${what} refused: ${r.error}${r.hint ? `. ${r.hint}` : ''}` });
  };
  const disabled = !enabled || busy;
  const next = phases[phase.index + 1];

  return (
    <section className="panel cues" aria-labelledby="cues-heading">
      <h2 id="cues-heading">Cues</h2>
      <button
        type="button"
        className="primary big"
        disabled={disabled || !next}
        onClick={() => void run(`Cue: ${next?.id ?? ''}`, () => session.cue({ next: true }))}
      >
        {next ? `Next phase: ${next.label ?? next.id} ▶` : 'Last phase'}
      </button>
      <ol className="phase-list">
        {phases.map((p, i) => (
          <li key={p.id} className={i === phase.index ? 'current' : undefined} aria-current={i === phase.index ? 'step' : undefined}>
            <button type="button" disabled={disabled} onClick={() => void run(`Cue: ${p.id}`, () => session.cue({ phase: p.id }))}>
              <span className="phase-name">{p.label ?? p.id}</span>
              <span className="phase-meta">
                {formatClock(p.duration)} · {p.advance === 'cue' ? 'waits for a cue' : 'auto'}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <fieldset className="glitch">
        <legend>Glitch</legend>
        <div className="glitch-field">
          <label htmlFor="glitch-intensity">
            Intensity <output htmlFor="glitch-intensity">{intensity.toFixed(2)}</output>
          </label>
          <input id="glitch-intensity" type="range" min={0} max={1} step={0.05} value={intensity} onChange={(e) => setIntensity(Number(e.target.value))} />
        </div>
        <div className="glitch-field">
          <label htmlFor="glitch-seconds">Seconds</label>
          <input id="glitch-seconds" type="number" min={0.5} max={120} step={0.5} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} />
        </div>
        <button
          type="button"
          className="danger"
          disabled={disabled || !(seconds > 0 && seconds <= 120)}
          onClick={() => void run(`Glitch ${intensity.toFixed(2)} for ${seconds} s`, () => session.glitch({ intensity, seconds }))}
        >
          Trigger glitch
        </button>
      </fieldset>
      <p className={`result ${result?.ok === false ? 'bad' : ''}`} role="status" aria-live="polite">
        {result?.text ?? ''}
      </p>
    </section>
  );
}
