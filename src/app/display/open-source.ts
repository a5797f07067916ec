import { frozenSource, localSource, steppedSource, type ShowSnapshot, type ShowSource } from '../../net/show-source.ts';
import type { DisplayParams } from './params.ts';
import { liveSource } from '../../net/live-source.ts';
import { keptDevice, persistentClientId, type KeyValueStore } from '../shared/ids.ts';
import { takeSecretFromUrl } from '../shared/url-secret.ts';

/**
 * Where this screen's show comes from, decided here and nowhere else:
 * - `?t=SECONDS`: frozen at that time (previews, posters, the render command, tests); adaptive quality off.
 * - `?t=SECONDS&film`: frozen, and stepped frame by frame by `meshwork film` (film-hook.ts).
 * - otherwise the live show from the server (`openLiveSource`), and until that exists or when it cannot
 *   start, a local clock from the server's snapshot.
 * Every case starts from `GET /api/show`: the installation, the public log and the server's clock.
 */

export interface OpenOptions {
  /** Default: window.fetch. */
  readonly fetch?: typeof fetch;
  /** The page's monotonic clock in milliseconds. Default: performance.now. */
  readonly clockMs?: () => number;
}

/** `joinCode`: for a show that asks for one (a private event); sent as the X-Meshwork-Join-Code header. */
export async function fetchSnapshot(fetchFn: typeof fetch = fetch, joinCode?: string | null): Promise<ShowSnapshot> {
  let res: Response;
  try {
    res = await fetchFn('/api/show', { cache: 'no-store', ...(joinCode ? { headers: { 'X-Meshwork-Join-Code': joinCode } } : {}) });
  } catch (err) {
    throw new Error(`cannot reach the Meshwork server (${(err as Error).message}): is it running?`);
  }
  if (!res.ok) {
    // The server's answer says what was wrong and what to do (e.g. a missing join code).
    const answer = (await res.json().catch(() => ({}))) as { error?: unknown; hint?: unknown };
    const said = typeof answer.error === 'string' ? `: ${answer.error}${typeof answer.hint === 'string' ? ` (${answer.hint})` : ''}` : '';
    throw new Error(`the server answered ${res.status} to GET /api/show${said}`);
  }
  const body = (await res.json()) as Partial<ShowSnapshot>;
  if (!body.installation || !Array.isArray(body.events) || typeof body.serverTime !== 'number') {
    throw new Error('GET /api/show did not answer a show snapshot ({installation, events, serverTime})');
  }
  return body as ShowSnapshot;
}

export async function openSource(params: DisplayParams, options: OpenOptions = {}): Promise<ShowSource> {
  const joinCode = takeJoinCode();
  const snapshot = await fetchSnapshot(options.fetch, joinCode);
  if (params.t !== undefined && params.film) {
    const source = steppedSource(snapshot.installation, snapshot.events, params.t);
    // The film's hooks load only on a film page (Tone's offline render is not part of a screen's start).
    const { attachFilm } = await import('./film-hook.ts');
    attachFilm(source);
    return source;
  }
  if (params.t !== undefined) return frozenSource(snapshot.installation, snapshot.events, params.t);
  const live = await openLiveSource(snapshot, params, joinCode);
  if (live) return live;
  // The snapshot's serverTime was the shared clock when the server answered; the local clock runs on from
  // there (off by the one-way delay of that answer, which the live source's clock sync removes).
  return localSource(snapshot.installation, snapshot.events, snapshot.serverTime, options.clockMs ?? (() => performance.now()));
}

/**
 * The live show, when the server plays one (`snapshot.live`): the log kept in step over socket.io, the clock
 * synchronised with the server's, reconnecting by itself. It starts from the snapshot, so the first frame
 * does not wait for the socket. A static server (the render command, `vite` in development) has no socket:
 * the screen then runs a local clock instead of retrying a connection that cannot succeed.
 */
async function openLiveSource(snapshot: ShowSnapshot, params: DisplayParams, joinCode: string | null): Promise<ShowSource | undefined> {
  if (!snapshot.live) return undefined;
  const store = safeStorage();
  return liveSource({
    url: location.origin,
    clientId: persistentClientId(store, 'meshwork.display.clientId'),
    device: keptDevice(store, 'meshwork.display.device'),
    display: params.display ?? 'desktop',
    snapshot,
    ...(joinCode ? { joinCode } : {}),
  });
}

/** A private event's join code, from the address (`?code=` or `#code=`, then removed from it) or kept from
 * an earlier visit. */
function takeJoinCode(): string | null {
  if (typeof location === 'undefined') return null;
  const taken = takeSecretFromUrl(location.href, 'code', safeStorage(), 'meshwork.joinCode');
  if (taken.cleanUrl !== null) history.replaceState(null, '', taken.cleanUrl);
  return taken.value;
}

/** localStorage, or undefined where the browser refuses it (the ids then live for one page load). */
function safeStorage(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
