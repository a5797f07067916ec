import { WALL_ID, WALL_ID_RULE } from '../../core/ids.ts';
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

export type ParamsResult = { readonly ok: true; readonly params: DisplayParams } | { readonly ok: false; readonly error: string };

export function parseDisplayParams(search: string): ParamsResult {
  const q = new URLSearchParams(search);
  const params: { t?: number; display?: string; calibrate: boolean; token?: string; film?: boolean } = { calibrate: q.has('calibrate') };
  if (q.has('film')) params.film = true;
  const t = q.get('t');
  if (t !== null) {
    const n = t.trim() === '' ? Number.NaN : Number(t);
    if (!Number.isFinite(n)) return { ok: false, error: `?t=${t.slice(0, 40)} is not a time: give seconds on the show clock, e.g. ?t=95` };
    params.t = n;
  }
  const display = q.get('display');
  if (display !== null) {
    if (!WALL_ID.test(display)) return { ok: false, error: `?display=${display.slice(0, 40)} is not a wall id: ids are ${WALL_ID_RULE}, e.g. ?display=north` };
    params.display = display;
  }
  const token = q.get('token');
  if (token) params.token = token;
  return { ok: true, params };
}
