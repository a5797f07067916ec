import { useState } from 'react';
import type { ShowControl } from './show-control.ts';
import { useT } from './i18n.tsx';
import { readOnlyProps, type ReadOnly } from './read-only.ts';

export interface StagePanelProps {
  readonly control: ShowControl;
  readonly enabled: boolean;
  readonly onBlackout: (on: boolean, seconds: number) => void;
  readonly onHold: (on: boolean) => void;
  readonly onEndShow: () => void;
  /** Set while the server refuses stage changes (a replay): why the buttons are off. */
  readonly readOnly?: ReadOnly;
}

/** Fades the console offers for a blackout (seconds). */
const FADES = [0, 1, 3, 5] as const;
/** The End show fade (seconds). */
export const END_FADE = 5;

/** Blackout (with its fade), hold, and the end of the show, which asks before it fades to black. */
export function StagePanel({ control, enabled, onBlackout, onHold, onEndShow, readOnly }: StagePanelProps) {
  const why = readOnlyProps(readOnly);
  const t = useT();
  const [fade, setFade] = useState<number>(1);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const inLastPhase = control.end !== 'running';
  return (
    <section className="panel stage" aria-label={`${t('stage.blackout')} · ${t('stage.hold')}`}>
      <div className="stage-row">
        <button
          type="button"
          className={`stage-button ${control.blackout ? 'on' : ''}`}
          aria-pressed={control.blackout}
          disabled={!enabled}
          {...why}
          onClick={() => onBlackout(!control.blackout, fade)}
          data-testid="blackout"
        >
          {control.blackout ? t('stage.lightsUp') : t('stage.blackout')}
        </button>
        <label className="fade">
          {t('stage.fade')}{' '}
          <select value={fade} onChange={(e) => setFade(Number(e.target.value))}>
            {FADES.map((s) => (
              <option key={s} value={s}>
                {t('stage.fadeSeconds', { seconds: s })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`stage-button ${control.heldSince !== null ? 'on' : ''}`}
          aria-pressed={control.heldSince !== null}
          disabled={!enabled}
          {...why}
          onClick={() => onHold(control.heldSince === null)}
          data-testid="hold"
        >
          {control.heldSince !== null ? t('stage.release') : t('stage.hold')}
        </button>
      </div>
      {inLastPhase && control.end !== 'ended' ? (
        confirmEnd ? (
          <div className="confirm" role="alertdialog" aria-label={t('end.confirm')}>
            <p>{t('end.confirm')}</p>
            <button
              type="button"
              className="danger"
              disabled={!enabled}
              {...why}
              onClick={() => {
                setConfirmEnd(false);
                onEndShow();
              }}
              data-testid="end-yes"
            >
              {t('end.yes')}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirmEnd(false)}>
              {t('jump.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="end-button" disabled={!enabled} {...why} onClick={() => setConfirmEnd(true)} data-testid="end-show">
            {t('end.button')}
          </button>
        )
      ) : null}
    </section>
  );
}
