import { useState } from 'react';

/** Asks for the operator token (printed by the server when it starts). */
export function TokenForm({ onToken, message }: { readonly onToken: (token: string) => void; readonly message?: string }) {
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
        <h1>Meshwork operator</h1>
        <label htmlFor="token">Operator token</label>
        <p className="hint">The server prints it when it starts. It is kept for this tab only.</p>
        <input id="token" type="password" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        {message ? (
          <p className="bad" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={!value.trim()}>
          Open the console
        </button>
      </form>
    </main>
  );
}
