import { WALL_ID } from '../../core/ids.ts';
/** What the page's address asks for: `/`, `/?t=95`, `/?display=north`, `/?display=north&calibrate`. */
export interface DisplayParams {
  /** A frozen time (seconds on the show clock), or undefined for the live show. */
  readonly t?: number;
  /** A wall id from the installation's displays.walls, or undefined for the desktop/headset view. */
  readonly display?: string;
  readonly calibrate: boolean;
  /** With `t`: a film (`meshwork film`): the frozen time is stepped frame by frame through the test hook
   * (`step`), and the sound of a span is rendered offline (`renderAudio`). */
  readonly film?: boolean;
  /** The operator token for calibration (also accepted from the overlay's field). */
  readonly token?: string;
}

/** What was wrong with the address: a key of the display page's catalogue (src/app/display/strings/en.ts
 * words it) and its parameters, so the page says it in its own language. `value` is what the address held,
 * cut to 40 characters (an address can be long; the start is enough to recognise it). */
export interface ParamsProblem {
  readonly code: 'url.not-a-time' | 'url.not-a-wall-id';
  readonly params: { readonly value: string };
}

export type ParamsResult = { readonly ok: true; readonly params: DisplayParams } | { readonly ok: false; readonly error: ParamsProblem };

export function parseDisplayParams(search: string): ParamsResult {
  const q = new URLSearchParams(search);
  const params: { t?: number; display?: string; calibrate: boolean; token?: string; film?: boolean } = { calibrate: q.has('calibrate') };
  if (q.has('film')) params.film = true;
  const t = q.get('t');
  if (t !== null) {
    const n = t.trim() === '' ? Number.NaN : Number(t);
    if (!Number.isFinite(n)) return { ok: false, error: { code: 'url.not-a-time', params: { value: t.slice(0, 40) } } };
    params.t = n;
  }
  const display = q.get('display');
  if (display !== null) {
    if (!WALL_ID.test(display)) return { ok: false, error: { code: 'url.not-a-wall-id', params: { value: display.slice(0, 40) } } };
    params.display = display;
  }
  const token = q.get('token');
  if (token) params.token = token;
  return { ok: true, params };
}
