import { describe, expect, it } from 'vitest';
import { covers, drawableText, textDirection } from '../../src/scene/story-text.ts';

const ranges = [
  [0x20, 0x7e],
  [0xe9, 0xe9],
  [0x600, 0x6ff],
  [0xfffd, 0xfffd],
] as const;

describe('story text', () => {
  it('finds code points in sorted ranges', () => {
    expect(covers(ranges, 0x41)).toBe(true);
    expect(covers(ranges, 0xe8)).toBe(false);
    expect(covers(ranges, 0x627)).toBe(true);
    expect(covers([], 0x41)).toBe(false);
  });
  it('replaces what the font cannot draw, never a covered character, whitespace or joiner', () => {
    expect(drawableText('café 水 ok', ranges)).toBe('caf\u00e9 \ufffd ok');
    expect(drawableText('line\nnext\u200d', ranges)).toBe('line\nnext\u200d');
    expect(drawableText('水', [[0x3f, 0x3f]])).toBe('?');
    // A character outside the Basic Multilingual Plane is one replacement, not two.
    expect(drawableText('a😀b', ranges)).toBe('a\ufffdb');
  });
  it('lays right-to-left languages out right to left', () => {
    expect(textDirection('مرحبا', 'ar')).toBe('rtl');
    expect(textDirection('שלום', 'he-IL')).toBe('rtl');
    expect(textDirection('hello', 'en')).toBe('ltr');
    expect(textDirection('שלום, hello', 'und')).toBe('rtl');
    expect(textDirection('hello, שלום', 'und')).toBe('ltr');
  });
});
