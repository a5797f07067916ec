import type { Diagnostic } from '../../core/diagnostics.ts';
import { useT } from './i18n.tsx';

/** The installation's errors after a bad edit (the last good version keeps playing). The diagnostics'
 * own words (message, hint) come from the checker, in the language of the installation's tools. */
export function ErrorsPanel({ errors }: { readonly errors: readonly Diagnostic[] }) {
  const t = useT();
  if (errors.length === 0) return null;
  const count = errors.filter((d) => d.severity === 'error').length;
  return (
    <section className="panel errors" aria-labelledby="errors-heading" role="alert">
      <h2 id="errors-heading">{t('errors.heading', { count })}</h2>
      <p>{t('errors.keepsPlaying')}</p>
      <ul>
        {errors.map((d, i) => (
          <li key={i} className={d.severity}>
            <code>{d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file}</code> <span className="sev">{t(`errors.severity.${d.severity}`)}</span>{' '}
            {d.path ? <code>{d.path}</code> : null} {d.message}
            {d.hint ? <div className="hint">{t('errors.hint', { hint: d.hint })}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
