import type { Diagnostic } from '../../core/diagnostics.ts';

/** The installation's errors after a bad edit (the last good version keeps playing). */
export function ErrorsPanel({ errors }: { readonly errors: readonly Diagnostic[] }) {
  if (errors.length === 0) return null;
  const count = errors.filter((d) => d.severity === 'error').length;
  return (
    <section className="panel errors" aria-labelledby="errors-heading" role="alert">
      <h2 id="errors-heading">
        Installation file: {count} error{count === 1 ? '' : 's'}
      </h2>
      <p>The show keeps playing the last good version until the file is fixed and saved.</p>
      <ul>
        {errors.map((d, i) => (
          <li key={i} className={d.severity}>
            <code>{d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file}</code> <span className="sev">{d.severity}</span>{' '}
            {d.path ? <code>{d.path}</code> : null} {d.message}
            {d.hint ? <div className="hint">hint: {d.hint}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
