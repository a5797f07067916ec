/**
 * Story text as the font can draw it. troika-three-text looks up any character the given font lacks in a
 * font index on a CDN; a venue may have no internet (and the page's CSP forbids it), and a lookup that
 * never answers leaves the text undrawn. So characters outside the font's coverage are replaced before
 * they reach troika, and the text is drawn in the direction its language is written.
 */

/** Inclusive code point ranges, sorted (what server/font-coverage.ts writes). */
export type CodeRanges = readonly (readonly [number, number])[];

export function covers(ranges: CodeRanges, code: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as readonly [number, number];
    if (code < r[0]) hi = mid - 1;
    else if (code > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Characters that are never looked up: troika treats whitespace and control characters itself. */
const PASS = /[\s\u200c\u200d\u200e\u200f]/u;

/** The text with every character the font cannot draw replaced by U+FFFD (or "?" if the font lacks that too). */
export function drawableText(text: string, ranges: CodeRanges): string {
  const replacement = covers(ranges, 0xfffd) ? '\ufffd' : '?';
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out += PASS.test(ch) || covers(ranges, code) ? ch : replacement;
  }
  return out;
}

/** Scripts written right to left: by language tag, else by the first strong character. */
const RTL_LANGS = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LTR_CHAR = /[A-Za-z\u00c0-\u024f\u0370-\u058f\u0900-\u1fff]/u;

export function textDirection(text: string, lang: string): 'ltr' | 'rtl' {
  const primary = lang.toLowerCase().split('-')[0] ?? '';
  if (RTL_LANGS.has(primary)) return 'rtl';
  if (primary !== '' && primary !== 'und') return 'ltr';
  for (const ch of text) {
    if (RTL_CHAR.test(ch)) return 'rtl';
    if (LTR_CHAR.test(ch)) return 'ltr';
  }
  return 'ltr';
}
