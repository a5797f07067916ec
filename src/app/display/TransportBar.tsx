import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Replica } from '../../net/replica.ts';
import { TransportControls, useReplayTimeline, useTransportTime } from '../shared/TransportControls.tsx';
import { takeSecretFromUrl } from '../shared/url-secret.ts';
import { useDisplayT } from './strings.ts';

/** Where the desktop page keeps the replay's operator token for this tab (sessionStorage). */
const TOKEN_KEY = 'meshwork.replay.token';

/** The operator token the replay's desktop link carries (`/#token=…`), moved out of the address at once. */
function takeToken(): string | null {
  let store: Storage | undefined;
  try {
    store = window.sessionStorage;
  } catch {
    store = undefined;
  }
  const taken = takeSecretFromUrl(location.href, 'token', store, TOKEN_KEY);
  if (taken.cleanUrl !== null) history.replaceState(null, '', taken.cleanUrl);
  return taken.value;
}

/**
 * The desktop page's small transport bar during a replay (`meshwork replay`): where the replay is, on a
 * timeline of its phases, cues, glitches and stories, and, opened with the link the replay printed (it
 * carries the operator's token), play, pause, seek and speed for every screen at once. Without the token it
 * only shows the position. Never on a wall, nor in a headset (DOM is not drawn in an immersive session).
 */
export function TransportBar({ replica }: { readonly replica: Replica }) {
  const tr = useDisplayT();
  const token = useMemo(takeToken, []);
  const subscribe = useCallback((l: () => void) => replica.subscribe(l), [replica]);
  const state = useSyncExternalStore(subscribe, () => replica.state());
  const now = useCallback(() => replica.now(), [replica]);
  const t = useTransportTime(state.transport, now);
  const timeline = useReplayTimeline(state.installation, state.log, state.revision, state.transport);
  const send = useMemo(
    () =>
      token
        ? async (msg: Parameters<Replica['transport']>[0]) => {
            const r = await replica.transport({ ...msg, token });
            return r.ok ? undefined : `${r.error}${r.hint ? ` (${r.hint})` : ''}`;
          }
        : undefined,
    [replica, token],
  );
  if (!state.transport || !timeline) return null;
  return (
    <TransportControls
      variant="bar"
      transport={state.transport}
      timeline={timeline}
      t={t}
      {...(send ? { send } : {})}
      viewOnly={tr('replay.viewOnly')}
      tr={tr}
    />
  );
}
