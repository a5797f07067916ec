/**
 * Story text as the served fonts can draw it. A character none of them has would be drawn by whatever font
 * the screen's system has, differently on every wall, or not at all: so characters outside the fonts'
 * coverage are replaced by U+FFFD before they are drawn (and `check` warns of them beforehand), and the
 * text is drawn in the direction its language is written.
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

/** Whether the display draws a character as it is (a glyph of some font, or whitespace), not replaced. */
export function drawable(ch: string, ranges: CodeRanges): boolean {
  return PASS.test(ch) || covers(ranges, ch.codePointAt(0) as number);
}

/** The text as every screen can draw it: every character the fonts cannot draw replaced by U+FFFD (or "?"
 * if they lack that too). Shaping (Indic reordering, conjuncts, joining) is the browser's. */
export function drawableText(text: string, ranges: CodeRanges): string {
  const replacement = covers(ranges, 0xfffd) ? '\ufffd' : '?';
  let out = '';
  for (const ch of text) out += drawable(ch, ranges) ? ch : replacement;
  return out;
}

/** The two texts of a card: the story's or caption's own, and the label under it (what it is about). */
export type CardPart = 'body' | 'label';

/** A story's or caption's text (or its label) as a card draws it, and the language its fonts are chosen
 * for: a story's tag, or none for `und` (the fonts then guess from the characters: font-index.ts). A label
 * is drawn in capitals. One rule for the cards (Stories.tsx) and for the fonts loaded ahead of them
 * (font-warm.ts), which must ask for the same characters. */
export function cardText(text: string, lang: string, ranges: CodeRanges, part: CardPart = 'body'): { text: string; lang: string | null } {
  return { text: drawableText(part === 'label' ? text.toUpperCase() : text, ranges), lang: lang === 'und' ? null : lang };
}

/** The distinct characters of the text the fonts cannot draw, in order of first appearance. */
export function undrawable(text: string, ranges: CodeRanges): string[] {
  const out = new Set<string>();
  for (const ch of text) if (!drawable(ch, ranges)) out.add(ch);
  return [...out];
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
