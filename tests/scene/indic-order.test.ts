import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visualOrder } from '../../src/scene/indic-order.ts';

const PRE_OR_TWO_PART =
  /[\u093f\u094e\u09bf\u09c7\u09c8\u0a3f\u0abf\u0b47\u0bc6-\u0bc8\u0d46-\u0d48\u0dd9\u0ddb\u1031\u103c\u17c1-\u17c3\u09cb\u09cc\u0b48\u0b4b\u0b4c\u0bca-\u0bcc\u0d4a-\u0d4c\u0dda\u0ddc-\u0dde]/u;

describe('Indic vowel signs in visual order', () => {
  it('moves a pre-base vowel sign before its whole cluster, splitting two-part vowels', () => {
    // हिंदी: ि before ह; क्षत्रिय: ि before the cluster त्र, क्ष untouched.
    expect(visualOrder('हिंदी')).toBe('िहंदी');
    expect(visualOrder('क्षत्रिय')).toBe('क्षित्रय');
    expect(visualOrder('কিতাব')).toBe('িকতাব');
    // Tamil கொ = க + ெ + ா: ெ before, ா after.
    expect(visualOrder('கொடி')).toBe('\u0bc6\u0b95\u0bbeடி');
    // Myanmar မြန်: ြ before မ; with ေ: ေ first, then ြ.
    expect(visualOrder('မြန်')).toBe('ြမန်');
    expect(visualOrder('ကြေး')).toBe('ေြကး');
    expect(visualOrder('ខ្មែរ')).toBe('ែខ្មរ');
  });

  it('leaves text of other scripts, and text with no pre-base sign, as it is; keeps every character', () => {
    fc.assert(
      // Any text with no pre-base or two-part vowel sign (rare in random text, but possible).
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !PRE_OR_TWO_PART.test(s)),
        (s) => {
          expect(visualOrder(s)).toBe(s);
        },
      ),
      { numRuns: 300 },
    );
    const indic = fc
      .array(
        fc.integer({ min: 0x0900, max: 0x0dff }).map((c) => String.fromCodePoint(c)),
        { maxLength: 20 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(indic, (s) => {
        const out = visualOrder(s);
        // The same characters (two-part vowels as their parts), only reordered.
        const sorted = (t: string) =>
          [...t]
            .flatMap((c) => [...(/[\u09cb\u09cc\u0b48\u0b4b\u0b4c\u0bca-\u0bcc\u0d4a-\u0d4c\u0dda\u0ddc-\u0dde]/.test(c) ? c.normalize('NFD') : c)])
            .sort()
            .join('');
        expect(sorted(out)).toBe(sorted(s));
        expect(visualOrder('नदी का पानी')).toBe('नदी का पानी');
      }),
      { numRuns: 300 },
    );
  });
});
