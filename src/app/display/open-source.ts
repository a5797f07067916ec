import { frozenSource, localSource, type ShowSnapshot, type ShowSource } from '../../net/show-source.ts';
import type { DisplayParams } from './params.ts';

/**
 * Where this screen's show comes from, decided here and nowhere else:
 * - `?t=SECONDS`: frozen at that time (previews, posters, the render command, tests); adaptive quality off.
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

export async function fetchSnapshot(fetchFn: typeof fetch = fetch): Promise<ShowSnapshot> {
  let res: Response;
  try {
    res = await fetchFn('/api/show', { cache: 'no-store' });
  } catch (err) {
    throw new Error(`cannot reach the Meshwork server (${(err as Error).message}): is it running?`);
  }
  if (!res.ok) throw new Error(`the server answered ${res.status} to GET /api/show`);
  const body = (await res.json()) as Partial<ShowSnapshot>;
  if (!body.installation || !Array.isArray(body.events) || typeof body.serverTime !== 'number') {
    throw new Error('GET /api/show did not answer a show snapshot ({installation, events, serverTime})');
  }
  return body as ShowSnapshot;
}

export async function openSource(params: DisplayParams, options: OpenOptions = {}): Promise<ShowSource> {
  const snapshot = await fetchSnapshot(options.fetch);
  if (params.t !== undefined) return frozenSource(snapshot.installation, snapshot.events, params.t);
  const live = await openLiveSource(snapshot, params);
  if (live) return live;
  // The snapshot's serverTime was the shared clock when the server answered; the local clock runs on from
  // there (off by the one-way delay of that answer, which the live source's clock sync removes).
  return localSource(snapshot.installation, snapshot.events, snapshot.serverTime, options.clockMs ?? (() => performance.now()));
}

/**
 * LIVE SOURCE PLUG POINT (the lead wires src/net/live-source.ts here, branch issue-5-server): return a
 * ShowSource that joins the server over socket.io (role "viewer", or "wall" with `params.display`), keeps
 * the log in step, syncs the clock and reconnects by itself; start it from `snapshot` so the first frame
 * does not wait for the socket. Returning undefined falls back to a local clock.
 */
async function openLiveSource(snapshot: ShowSnapshot, params: DisplayParams): Promise<ShowSource | undefined> {
  void snapshot;
  void params;
  return undefined;
}
