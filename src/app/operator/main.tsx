import { StrictMode, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { io } from 'socket.io-client';
import { persistentClientId, safeSet, type KeyValueStore } from '../shared/ids.ts';
import { takeSecretFromUrl } from '../shared/url-secret.ts';
import { Console } from './Console.tsx';
import { OperatorSession, type OperatorSocket } from './session.ts';
import { startShowClock } from './show-clock.ts';
import { TokenForm } from './TokenForm.tsx';

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
const clientId = persistentClientId(storage('localStorage'), 'meshwork.operatorClientId');

function App() {
  const [token, setToken] = useState<string | null>(initial.value);
  const [refusal, setRefusal] = useState<string | undefined>();
  const [op, setOp] = useState<OperatorSession | null>(null);

  useEffect(() => {
    if (!token) return;
    const socket: OperatorSocket = io({ autoConnect: false, reconnectionDelayMax: 5000 });
    const clock = startShowClock(socket);
    const s = new OperatorSession(socket, clientId, token, clock);
    setOp(s);
    socket.connect();
    // The console reports its own round trip, like every client, so its row shows a latency too.
    const stats = setInterval(() => {
      const rttMs = clock.rttMs();
      if (socket.connected && Number.isFinite(rttMs)) socket.emit('stats', { rttMs, offsetMs: clock.offsetMs() });
    }, 5000);
    return () => {
      clearInterval(stats);
      clock.stop();
      socket.disconnect();
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
    <App />
  </StrictMode>,
);
