/**
 * Indic and South-East Asian text in the order troika-three-text can draw it. troika shapes with the
 * font's substitution tables but does not reorder as a shaping engine does: a vowel sign written after its
 * consonant but drawn before it (Hindi "ि" in "हिंदी", Bengali "ি", Tamil "ெ", Myanmar "ေ", Khmer "េ"...)
 * would stand after the consonant. So each such sign is moved before its cluster (the consonant, any
 * consonants joined to it by a virama, and their marks), and a two-part vowel (Tamil "ொ", Bengali "ো") is
 * split into its parts first (their canonical decomposition), its first part moved. The fonts' tables are
 * written for this visual order.
 */

/** Vowel signs drawn before their cluster. */
const PRE_BASE = new Set([
  0x093f, 0x094e, 0x09bf, 0x09c7, 0x09c8, 0x0a3f, 0x0abf, 0x0b47, 0x0bc6, 0x0bc7, 0x0bc8, 0x0d46, 0x0d47, 0x0d48, 0x0dd9, 0x0ddb, 0x1031, 0x103c, 0x17c1,
  0x17c2, 0x17c3,
]);

/** Two-part vowels, split by their canonical decomposition (first part pre-base). */
const TWO_PART = new Set([0x09cb, 0x09cc, 0x0b48, 0x0b4b, 0x0b4c, 0x0bca, 0x0bcb, 0x0bcc, 0x0d4a, 0x0d4b, 0x0d4c, 0x0dda, 0x0ddc, 0x0ddd, 0x0dde]);

/** Signs that join the next consonant into the cluster: viramas, Myanmar's stacker, Khmer's coeng. */
const JOINERS = new Set([0x094d, 0x09cd, 0x0a4d, 0x0acd, 0x0b4d, 0x0bcd, 0x0d4d, 0x0dca, 0x1039, 0x17d2]);

/** Scripts with pre-base signs: Devanagari to Oriya, Tamil, Malayalam, Sinhala, Myanmar, Khmer. */
const SCRIPT = /[\u0900-\u0b7f\u0b80-\u0bff\u0d00-\u0dff\u1000-\u109f\u1780-\u17ff]/u;
const MARK = /[\p{M}\u200c\u200d]/u;
const LETTER = /\p{L}/u;

export function visualOrder(text: string): string {
  // Most text has none of these scripts: nothing to do.
  if (!SCRIPT.test(text)) return text;
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length;) {
    const base = chars[i] as string;
    if (!SCRIPT.test(base) || !LETTER.test(base)) {
      out += base;
      i++;
      continue;
    }
    // The cluster: the base, its marks, and each consonant a joiner ties to it with that one's marks.
    const cluster: string[] = [base];
    let j = i + 1;
    while (j < chars.length) {
      const ch = chars[j] as string;
      if (MARK.test(ch)) {
        cluster.push(ch);
        j++;
        const next = chars[j];
        if (JOINERS.has(ch.codePointAt(0) as number) && next !== undefined && LETTER.test(next) && SCRIPT.test(next)) {
          cluster.push(next);
          j++;
        }
      } else break;
    }
    const parts = cluster.flatMap((ch) => (TWO_PART.has(ch.codePointAt(0) as number) ? [...ch.normalize('NFD')] : [ch]));
    const pre = parts.filter((ch) => PRE_BASE.has(ch.codePointAt(0) as number));
    // Myanmar: the vowel sign "ေ" stands left of the medial "ြ" that wraps the consonant.
    pre.sort((a, b) => Number(b === '\u1031') - Number(a === '\u1031'));
    out += pre.join('') + parts.filter((ch) => !PRE_BASE.has(ch.codePointAt(0) as number)).join('');
    i = j;
  }
  return out;
}
