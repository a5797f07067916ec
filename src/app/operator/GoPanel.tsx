import type { ShowControl, UndoCue } from './show-control.ts';
import { formatClock } from './format.ts';
import { useT } from './i18n.tsx';
import { readOnlyProps, type ReadOnly } from './read-only.ts';

export interface GoPanelProps {
  readonly control: ShowControl;
  readonly enabled: boolean;
  readonly onGo: () => void;
  readonly undo: UndoCue | null;
  readonly onUndo: (undo: UndoCue) => void;
  /** The last answer (or refusal) of a cue, blackout or hold. */
  readonly result: { readonly ok: boolean; readonly text: string } | null;
  /** A second GO pressed too soon, ignored (useCueActions). */
  readonly ignored?: string | null;
  /** Set while the server refuses cues (a replay): why GO and Undo are off. */
  readonly readOnly?: ReadOnly;
}

/** The GO key's panel: the standby cue (what GO fires next, and whether it would start by itself), the GO
 * button (space), and the undo of the last cue. */
export function GoPanel({ control, enabled, onGo, undo, onUndo, result, ignored, readOnly }: GoPanelProps) {
  const t = useT();
  const { standby, autoIn } = control;
  return (
    <section className="panel go" aria-labelledby="go-heading">
      <h2 id="go-heading">{t('go.heading')}</h2>
      <div className="standby" data-testid="standby">
        <span className="label">{t('go.standby')}</span>
        <strong>{standby ? standby.label : t('go.standbyNone')}</strong>
        {standby ? <span className="standby-when">{autoIn !== null ? t('go.auto', { time: formatClock(autoIn) }) : t('go.waits')}</span> : null}
      </div>
      <button
        type="button"
        className="go-button"
        disabled={!enabled || !standby}
        {...readOnlyProps(readOnly)}
        onClick={onGo}
        aria-keyshortcuts="Space"
        data-testid="go"
      >
        {standby ? t('go.button') : t('go.lastPhase')}
        {standby ? <kbd>{t('go.key')}</kbd> : null}
      </button>
      {undo ? (
        <button type="button" className="undo" disabled={!enabled} {...readOnlyProps(readOnly)} onClick={() => onUndo(undo)} data-testid="undo">
          {t('undo.button', { phase: undo.label, time: formatClock(undo.offset) })}
        </button>
      ) : null}
      <p className={`result ${result?.ok === false ? 'bad' : ''}`} role="status" aria-live="polite">
        {result?.text ?? ''}
      </p>
      {ignored ? (
        <p className="result bad" role="status" data-testid="go-ignored">
          {ignored}
        </p>
      ) : null}
      <p className="hint">{t('go.keyHelp')}</p>
    </section>
  );
}
