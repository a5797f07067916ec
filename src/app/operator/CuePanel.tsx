import { useState } from 'react';
import type { PhaseSpec } from '../../core/schema/installation.ts';
import type { PhaseState } from '../../core/phases.ts';
import type { OperatorSession } from './session.ts';
import { formatClock } from './format.ts';
import { useT } from './i18n.tsx';
import { readOnlyProps, type ReadOnly } from './read-only.ts';

export interface CuePanelProps {
  readonly session: OperatorSession;
  readonly phases: readonly PhaseSpec[];
  readonly phase: PhaseState;
  readonly enabled: boolean;
  /** Fires a jump to a phase (after the operator confirmed it); the console offers its undo. */
  readonly onJump: (phase: string, label: string) => void;
  /** Set while the server refuses cues and glitches (a replay): why the buttons are off. */
  readonly readOnly?: ReadOnly;
}

/** The phases, each a jump that asks first (a jump is never one stray tap), and the glitch. */
export function CuePanel({ session, phases, phase, enabled, onJump, readOnly }: CuePanelProps) {
  const t = useT();
  const [intensity, setIntensity] = useState(0.8);
  const [seconds, setSeconds] = useState(4);
  const [asking, setAsking] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const glitch = async () => {
    setBusy(true);
    const what = t('glitch.what', { intensity: intensity.toFixed(2), seconds });
    const r = await session.glitch({ intensity, seconds });
    setBusy(false);
    setResult(
      r.ok
        ? { ok: true, text: t('stage.done', { what, seq: r.seq }) }
        : { ok: false, text: t('go.refused', { what, error: `${r.error}${r.hint ? `. ${r.hint}` : ''}` }) },
    );
  };
  const disabled = !enabled || busy;
  const why = readOnlyProps(readOnly);

  return (
    <section className="panel cues" aria-labelledby="cues-heading">
      <h2 id="cues-heading">{t('jump.heading')}</h2>
      <ol className="phase-list">
        {phases.map((p, i) => {
          const label = p.label ?? p.id;
          return (
            <li key={p.id} className={i === phase.index ? 'current' : undefined} aria-current={i === phase.index ? 'step' : undefined}>
              {asking === p.id ? (
                <div className="confirm" role="alertdialog" aria-label={t('jump.ask', { phase: label })}>
                  <p>{t('jump.ask', { phase: label })}</p>
                  <button
                    type="button"
                    className="primary"
                    disabled={disabled}
                    data-testid={`jump-confirm-${p.id}`}
                    onClick={() => {
                      setAsking(null);
                      onJump(p.id, label);
                    }}
                  >
                    {t('jump.confirm')}
                  </button>
                  <button type="button" className="ghost" onClick={() => setAsking(null)}>
                    {t('jump.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" disabled={disabled} {...why} onClick={() => setAsking(p.id)} data-testid={`jump-${p.id}`}>
                  <span className="phase-name">{label}</span>
                  <span className="phase-meta">{t(p.advance === 'cue' ? 'jump.meta.cue' : 'jump.meta.auto', { duration: formatClock(p.duration) })}</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <fieldset className="glitch">
        <legend>{t('glitch.legend')}</legend>
        <div className="glitch-field">
          <label htmlFor="glitch-intensity">
            {t('glitch.intensity')} <output htmlFor="glitch-intensity">{intensity.toFixed(2)}</output>
          </label>
          <input id="glitch-intensity" type="range" min={0} max={1} step={0.05} value={intensity} onChange={(e) => setIntensity(Number(e.target.value))} />
        </div>
        <div className="glitch-field">
          <label htmlFor="glitch-seconds">{t('glitch.seconds')}</label>
          <input id="glitch-seconds" type="number" min={0.5} max={120} step={0.5} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} />
        </div>
        <button type="button" className="danger" disabled={disabled || !(seconds > 0 && seconds <= 120)} {...why} onClick={() => void glitch()}>
          {t('glitch.trigger')}
        </button>
      </fieldset>
      <p className={`result ${result?.ok === false ? 'bad' : ''}`} role="status" aria-live="polite">
        {result?.text ?? ''}
      </p>
    </section>
  );
}
