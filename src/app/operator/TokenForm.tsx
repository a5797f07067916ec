import { useState } from 'react';
import { useT } from './i18n.tsx';

/** Asks for the operator token (printed by the server when it starts). */
export function TokenForm({ onToken, message }: { readonly onToken: (token: string) => void; readonly message?: string }) {
  const t = useT();
  const [value, setValue] = useState('');
  return (
    <main className="token-page">
      <form
        className="panel token-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <h1>{t('token.title')}</h1>
        <label htmlFor="token">{t('token.label')}</label>
        <p className="hint">{t('token.hint')}</p>
        <input id="token" type="password" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        {message ? (
          <p className="bad" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={!value.trim()}>
          {t('token.open')}
        </button>
      </form>
    </main>
  );
}
