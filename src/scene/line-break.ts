/**
 * Where a text's lines break, given how wide a piece of it is drawn. Breaks fall between words as
 * Intl.Segmenter finds them in the text's language (spaces for most scripts, a dictionary for Thai, Lao,
 * Khmer and Myanmar, which write no spaces), and between any two characters (grapheme clusters) of Chinese
 * and Japanese, whose lines break anywhere but where their line-start and line-end rules forbid (kinsoku,
 * after JIS X 4051: below). A word wider than a line on its
 * own is broken between its grapheme clusters, where those rules allow if any place on the line does. A cluster (a letter with its marks, a conjunct, an emoji ZWJ
 * sequence) is never split.
 *
 * Rules the callers rely on: every line fits `maxWidth` unless it is a single cluster; the lines, put back
 * together with the whitespace dropped at the breaks, are the text; a line ends only where the next piece
 * would not fit (greedy); a newline in the text always breaks. Pure: `measure` is the only thing that knows
 * about fonts.
 */

/** Width of a piece of text as drawn, in any unit `maxWidth` uses. */
export type Measure = (text: string) => number;

/** Scripts broken between any two characters (kana and Han; Hangul is written with spaces). */
const ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
/**
 * What may not start a line, kept with what precedes it (JIS X 4051's classes, in its order): closing
 * brackets and quotes, hyphens and the wave dash, ?! and their doubles, middle dots, colons and semicolons,
 * full stops, commas, iteration marks, the prolonged sound mark, small kana (full and half width), the
 * ellipses, and the units written after a number; Latin punctuation alike.
 */
const NO_START =
  /^[\p{Pe}\p{Pf}‐〜゠–～？！‼⁇⁈⁉・：；･。．｡、，､ヽヾゝゞ々〻ーｰぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿｧ-ｯ…‥％‰℃°′″!?,.:;%)\]}»]/u;
/** What may not end a line, kept with what follows it: opening brackets and quotes (（「『【〔〈《 and the
 * rest of Unicode's Ps and Pi). Only when nothing stands between: a quote followed by a space is a closing
 * one in some languages (German „so“ ends with U+201C). */
const NO_END = /[\p{Ps}\p{Pi}]$/u;

const segmenters = new Map<string, { words: Intl.Segmenter; graphemes: Intl.Segmenter }>();

function segmentersFor(lang: string | null): { words: Intl.Segmenter; graphemes: Intl.Segmenter } {
  const key = lang ?? '';
  let s = segmenters.get(key);
  if (!s) {
    // An unknown or malformed tag falls back to the default locale rather than throwing.
    let locale: string | undefined;
    try {
      locale = lang ? (Intl.getCanonicalLocales(lang)[0] ?? undefined) : undefined;
    } catch {
      locale = undefined;
    }
    s = { words: new Intl.Segmenter(locale, { granularity: 'word' }), graphemes: new Intl.Segmenter(locale, { granularity: 'grapheme' }) };
    segmenters.set(key, s);
  }
  return s;
}

/** The pieces a line may break between, in order: words and the spaces after them, CJK cut to clusters,
 * what may not start a line joined to what it follows, what may not end one to what comes next. */
export function breakPieces(paragraph: string, lang: string | null): string[] {
  const { words, graphemes } = segmentersFor(lang);
  const pieces: string[] = [];
  for (const { segment } of words.segment(paragraph)) {
    const parts = ANYWHERE.test(segment) ? [...graphemes.segment(segment)].map((g) => g.segment) : [segment];
    for (const part of parts) {
      const last = pieces.length - 1;
      // Whitespace and closing punctuation stay at the end of the piece before them; an opening bracket
      // takes the part after it.
      if (last >= 0 && (/^\s+$/u.test(part) || NO_START.test(part) || NO_END.test(pieces[last] as string))) pieces[last] += part;
      else pieces.push(part);
    }
  }
  return pieces;
}

/** Where a line holding `run` (clusters) breaks when `next` does not fit after it: the last place neither
 * before a cluster that may not start a line nor after one that may not end one; none: before `next`. */
function allowedBreak(run: readonly string[], next: string): number {
  for (let at = run.length; at > 0; at--) {
    const after = at < run.length ? (run[at] as string) : next;
    // A space is kept at the end of the line before it (and dropped there), never moved to start one.
    if (!/^\s/u.test(after) && !NO_START.test(after) && !NO_END.test(run[at - 1] as string)) return at;
  }
  return run.length;
}

/** The text's lines, none wider than `maxWidth` unless a single cluster is. Whitespace at a break is
 * dropped; a newline always breaks; an empty text is no line. */
export function breakLines(text: string, lang: string | null, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  const { graphemes } = segmentersFor(lang);
  for (const paragraph of text.split(/\r\n|[\n\r\u2028\u2029]/u)) {
    let line = '';
    const push = () => {
      const trimmed = line.trimEnd();
      if (trimmed !== '') lines.push(trimmed);
      line = '';
    };
    for (const piece of breakPieces(paragraph.trim(), lang)) {
      if (measure((line + piece).trimEnd()) <= maxWidth) {
        line += piece;
        continue;
      }
      push();
      if (measure(piece.trimEnd()) <= maxWidth) {
        line = piece;
        continue;
      }
      // A run wider than a line: as many of its clusters as fit on each line, the break moved back (within
      // the line) to where kinsoku allows one, if anywhere: "「…」。" must not leave "」。" to start a line.
      let run: string[] = [];
      for (const { segment } of graphemes.segment(piece)) {
        if (run.length > 0 && measure((run.join('') + segment).trimEnd()) > maxWidth) {
          const at = allowedBreak(run, segment);
          line = run.slice(0, at).join('');
          push();
          run = run.slice(at);
          // What moved down fitted on the line above; with this cluster it may not: then it is a line.
          if (run.length > 0 && measure((run.join('') + segment).trimEnd()) > maxWidth) {
            line = run.join('');
            push();
            run = [];
          }
        }
        run.push(segment);
      }
      line = run.join('');
    }
    push();
  }
  return lines;
}
