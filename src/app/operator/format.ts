import { fileSlug } from '../../core/file-name.ts';
import type { Seconds } from '../../core/units.ts';

/** "4:05" or "1:02:03": a show time or a duration, whole seconds. Negative times read "-0:03". */
export function formatClock(seconds: Seconds): string {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '-' : '';
  const s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** "12 ms", "1.2 s", or "–" when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

/** A file name for an exported archive: `<title>-archive-<YYYY-MM-DD-HHMM>.json`, safe on every OS. */
export function archiveFileName(title: string, when: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${fileSlug(title)}-archive-${when.getFullYear()}-${p(when.getMonth() + 1)}-${p(when.getDate())}-${p(when.getHours())}${p(when.getMinutes())}.json`;
}
