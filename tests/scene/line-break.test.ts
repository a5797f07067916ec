import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakLines, breakPieces, type Measure } from '../../src/scene/line-break.ts';

/**
 * Line breaking with a made-up measure (each grapheme cluster one unit wide, a wide CJK one two): the
 * rules of line-break.ts hold for generated texts in many scripts and widths.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (s: string) => [...graphemes.segment(s)].map((g) => g.segment);
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const measure: Measure = (s) => clusters(s).reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);

const WORDS = [
  'river',
  'the',
  'sediment',
  'über',
  'água',
  '川は覚えている',
  '水裡有鉛',
  '마을',
  'नदी',
  'क्षत्रिय',
  'र्क',
  'แม่น้ำใส',
  'البلاط',
  'שלום',
  '👨‍👩‍👧',
  '🌊',
  '。',
  '、',
  '!',
  'supercalifragilisticexpialidocious',
];
const text = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom('', ' ', '  ', '\n')), { minLength: 0, maxLength: 20 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const singleSpaced = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom('', ' ', '\n')), { minLength: 0, maxLength: 20 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const lang = fc.constantFrom(null, 'en', 'ja', 'zh-Hant', 'th', 'hi', 'ar', 'x-bad-tag-!!');
const width = fc.integer({ min: 1, max: 40 });

const squeeze = (s: string) => s.replace(/\s+/gu, '');

describe('line breaking', () => {
  it('keeps every character but the whitespace at breaks, fits each line unless it is one cluster, never splits a cluster', () => {
    fc.assert(
      fc.property(text, lang, width, (t, l, w) => {
        const lines = breakLines(t, l, w, measure);
        expect(squeeze(lines.join(''))).toBe(squeeze(t));
        for (const line of lines) {
          expect(line).toBe(line.trim());
          expect(line).not.toBe('');
          if (measure(line) > w) expect(clusters(line)).toHaveLength(1);
        }
        // Every cluster of the text is whole in some line.
        const all = new Set(lines.flatMap(clusters));
        for (const c of clusters(t)) if (!/\s/u.test(c)) expect(all.has(c), c).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('breaks only where the next piece would not fit (greedy), and at every newline', () => {
    fc.assert(
      fc.property(singleSpaced, lang, width, (t, l, w) => {
        const lines = breakLines(t, l, w, measure);
        const paragraphs = t.split('\n').filter((p) => p.trim() !== '');
        expect(lines.length).toBeGreaterThanOrEqual(paragraphs.length);
        // Within a paragraph, the next line's first piece did not fit after the line before it (with the
        // one space, or none, that stood between them).
        for (const p of paragraphs) {
          const own = breakLines(p, l, w, measure);
          for (let i = 1; i < own.length; i++) {
            const next = (breakPieces(own[i] as string, l)[0] as string).trimEnd();
            expect(measure(`${own[i - 1]} ${next}`), `${own[i - 1]} | ${next}`).toBeGreaterThan(w);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('breaks Chinese and Japanese between characters, never before closing punctuation; other scripts between words', () => {
    expect(breakLines('川は覚えている。', 'ja', 6, measure)).toEqual(['川は覚', 'えてい', 'る。']);
    expect(breakLines('水裡有鉛，魚死了。', 'zh-Hant', 5, measure)).toEqual(['水裡', '有鉛，', '魚死', '了。']);
    expect(breakLines('the river kept it', 'en', 10, measure)).toEqual(['the river', 'kept it']);
    // Thai has no spaces: its words come from the segmenter's dictionary, not from single letters.
    const thai = breakLines('แม่น้ำใสมากวันนี้', 'th', 6, measure);
    expect(thai.length).toBeGreaterThan(1);
    for (const line of thai)
      expect(
        ['แม่น้ำ', 'ใส', 'มาก', 'วัน', 'นี้'].some((w) => line.startsWith(w)),
        line,
      ).toBe(true);
    // A cluster (here a ZWJ family; a conjunct too, with Unicode 15.1's rules) stays whole even on a line one
    // unit wide.
    expect(breakLines('ab 👨‍👩‍👧', null, 1, measure)).toEqual(['a', 'b', '👨‍👩‍👧']);
  });

  it('keeps the CJK line-start and line-end rules (kinsoku): no line begins with closing punctuation, none ends with an opening bracket', () => {
    // Issue 11's list, and the brackets' partners.
    const noStart = [...'、。，．）」』】〕〉》！？ーぁっゃョ々…：；・'];
    const noEnd = [...'（「『【〔〈《'];
    const chars = [...'川は覚えている水裡有鉛魚死了', ...noStart, ...noEnd];
    const cjk = fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 40 }).map((a) => a.join(''));
    let checked = 0;
    fc.assert(
      fc.property(cjk, fc.constantFrom('ja', 'zh-Hant', 'zh', null), fc.integer({ min: 2, max: 30 }), (t, l, w) => {
        // The rules hold whenever they can: when no run they bind together is wider than the line.
        if (Math.max(...breakPieces(t, l).map((p) => measure(p))) > w) return;
        checked++;
        const lines = breakLines(t, l, w, measure);
        expect(lines.join('')).toBe(t);
        lines.forEach((line, i) => {
          if (i > 0) expect(noStart, `line ${i} of ${JSON.stringify(lines)}`).not.toContain([...line][0]);
          if (i < lines.length - 1) expect(noEnd, `line ${i} of ${JSON.stringify(lines)}`).not.toContain([...line].at(-1));
        });
      }),
      { numRuns: 600 },
    );
    // Most generated texts were checked, not skipped.
    expect(checked).toBeGreaterThan(300);
    expect(breakLines('彼は「川」と言った。', 'ja', 6, measure)).toEqual(['彼は', '「川」と', '言っ', 'た。']);
    // Latin too: an opening parenthesis stays with its word.
    expect(breakLines('a river (the Elbe)', 'en', 10, measure)).toEqual(['a river', '(the Elbe)']);
  });

  it('keeps kinsoku inside a run wider than a line too, wherever the line leaves a place for it', () => {
    // Runs that kinsoku binds into one piece wider than most lines: a word in brackets with closing
    // punctuation after it, long runs of small kana and prolonged sound marks.
    const noStart = [...'、。）」』ーっゃ…'];
    const noEnd = [...'（「『'];
    const part = fc.oneof(
      fc.constantFrom('川', 'は', '覚', 'えて', '水'),
      fc.constantFrom(...noStart, ...noEnd),
      fc
        .tuple(fc.constantFrom('「', '（', ''), fc.constantFrom('supercalifragilistic', 'Elbe', 'sediment'), fc.constantFrom('」。', '）、', '。', ''))
        .map((p) => p.join('')),
    );
    const cjk = fc.array(part, { minLength: 1, maxLength: 16 }).map((a) => a.join(''));
    const forbidden = (before: string, after: string) => noEnd.includes(before) || noStart.includes(after);
    let forced = 0;
    fc.assert(
      fc.property(cjk, fc.constantFrom('ja', 'zh', null), fc.integer({ min: 2, max: 14 }), (t, l, w) => {
        const lines = breakLines(t, l, w, measure);
        expect(lines.join('')).toBe(t);
        if (Math.max(...breakPieces(t, l).map((p) => measure(p))) > w) forced++;
        for (let i = 1; i < lines.length; i++) {
          const prev = clusters(lines[i - 1] as string);
          const next = clusters(lines[i] as string)[0] as string;
          if (measure(lines[i - 1] as string) > w) expect(prev).toHaveLength(1);
          if (!forbidden(prev.at(-1) as string, next)) continue;
          // Broken against the rules: only where no place on the line above allowed a break.
          for (let at = 1; at < prev.length; at++) expect(forbidden(prev[at - 1] as string, prev[at] as string), `${JSON.stringify(lines)} at ${i}`).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
    expect(forced).toBeGreaterThan(200);
    // The old forced break left "」。" to start the last line.
    expect(breakLines('「supercalifragilistic」。', 'ja', 7, measure)).toEqual(['「superc', 'alifrag', 'ilisti', 'c」。']);
  });
});
