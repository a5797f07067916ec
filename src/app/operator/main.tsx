import { StrictMode, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { createReplica } from '../../net/replica.ts';
import { keptDevice, persistentClientId, safeSet, type KeyValueStore } from '../shared/ids.ts';
import { takeSecretFromUrl } from '../shared/url-secret.ts';
import { Console } from './Console.tsx';
import { OperatorSession } from './session.ts';
import { TokenForm } from './TokenForm.tsx';
import { StringsProvider } from './i18n.tsx';

/**
 * The operator console (/operator). The token comes from the link the server prints (`#token=...` or
 * `?token=...`) or from the form; it is kept in sessionStorage (this tab only) and removed from the
 * address at once, so it is not left in the history or in a screenshot.
 */
const TOKEN_KEY = 'meshwork.operatorToken';

function storage(name: 'localStorage' | 'sessionStorage'): KeyValueStore | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}
const session = storage('sessionStorage');
const initial = takeSecretFromUrl(location.href, 'token', session, TOKEN_KEY);
if (initial.cleanUrl !== null) history.replaceState(null, '', initial.cleanUrl);
const local = storage('localStorage');
const clientId = persistentClientId(local, 'meshwork.operatorClientId');
const device = keptDevice(local, 'meshwork.operatorDevice');

function App() {
  const [token, setToken] = useState<string | null>(initial.value);
  const [refusal, setRefusal] = useState<string | undefined>();
  const [op, setOp] = useState<OperatorSession | null>(null);

  useEffect(() => {
    if (!token) return;
    // A new token is a new replica: its hello carries it, and a refused one is not retried.
    const s = new OperatorSession(
      createReplica({ url: location.origin, role: 'operator', clientId, token: () => token, device, statsIntervalMs: 5000 }),
      () => token,
    );
    setOp(s);
    return () => {
      s.close();
      setOp(null);
    };
  }, [token]);

  const signOut = (message?: string) => {
    safeSet(session, TOKEN_KEY, null);
    setRefusal(message);
    setToken(null);
  };

  if (!token || !op) return <TokenForm message={refusal} onToken={(t) => (safeSet(session, TOKEN_KEY, t), setRefusal(undefined), setToken(t))} />;
  return <Gate session={op} onRefused={signOut} />;
}

/** Shows the console, or the token form again when the server refuses the token. */
function Gate({ session: op, onRefused }: { readonly session: OperatorSession; readonly onRefused: (message?: string) => void }) {
  const state = useSyncExternalStore(op.subscribe, op.getState);
  useEffect(() => {
    if (state.status === 'unauthorized') onRefused(state.message);
  }, [state.status, state.message, onRefused]);
  return <Console session={op} onSignOut={() => onRefused()} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('operator.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StringsProvider languages={navigator.languages}>
      <App />
    </StringsProvider>
  </StrictMode>,
);
