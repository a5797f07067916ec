import type { Diagnostic } from '../../core/diagnostics.ts';
import { isFindingCode, isHintCode } from '../../core/findings.ts';
import type { Translate } from './strings.ts';
import { useT } from './i18n.tsx';

/** A finding's words: from the catalogue when the console knows its code, else the checker's English. */
function messageOf(t: Translate, d: Diagnostic): string {
  return isFindingCode(d.code) ? t(`finding.${d.code}`, d.params) : d.message;
}

/** Its hint likewise: by its code when the console knows it, else as the checker wrote it. */
function hintOf(t: Translate, d: Diagnostic): string | undefined {
  return isHintCode(d.hintCode) ? t(`hint.${d.hintCode}`, d.hintParams) : d.hint;
}

/** The installation's errors after a bad edit (the last good version keeps playing). A finding or a hint
 * with a code is worded from the catalogue (src/core/findings.ts); one without a code comes from the
 * checker in English. */
export function ErrorsPanel({ errors }: { readonly errors: readonly Diagnostic[] }) {
  const t = useT();
  if (errors.length === 0) return null;
  const count = errors.filter((d) => d.severity === 'error').length;
  return (
    <section className="panel errors" aria-labelledby="errors-heading" role="alert">
      <h2 id="errors-heading">{t('errors.heading', { count })}</h2>
      <p>{t('errors.keepsPlaying')}</p>
      <ul>
        {errors.map((d, i) => {
          const hint = hintOf(t, d);
          return (
            <li key={i} className={d.severity}>
              <code>{d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file}</code> <span className="sev">{t(`errors.severity.${d.severity}`)}</span>{' '}
              {d.path ? <code>{d.path}</code> : null} {messageOf(t, d)}
              {hint ? <div className="hint">{t('errors.hint', { hint })}</div> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
