import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { storyBody } from '../../src/core/events.ts';
import { characterCount, MAX_STORY_CHARACTERS } from '../../src/core/text.ts';

/** Text as phones send it: any code point, astral ones (emoji, rare CJK, musical symbols) included. */
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const story = (text: string) => ({ type: 'story', id: 'abcdef', text, emotion: 'grief', material: 'm0', consent: true });

describe("characterCount (a story's length)", () => {
  it('counts code points, as other languages do (here: as Array.from splits a string)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(characterCount(s)).toBe(Array.from(s).length);
      }),
      { numRuns: 1000 },
    );
  });

  it('counts an emoji or any astral character once, and a lone surrogate once', () => {
    expect(characterCount('a 🌱 b')).toBe(5);
    expect(characterCount('𝄞𠀀😀')).toBe(3);
    expect(characterCount('\ud83c')).toBe(1);
    expect(characterCount('\udf31\ud83c')).toBe(2);
  });

  it('lets the schema take up to MAX_STORY_CHARACTERS code points, whatever their UTF-16 length', () => {
    fc.assert(
      fc.property(fc.array(astral, { minLength: 1, maxLength: 8 }), (chars) => {
        // Fill to exactly the limit with the generated astral characters (each 2 UTF-16 units).
        const full = Array.from({ length: MAX_STORY_CHARACTERS }, (_, i) => chars[i % chars.length]).join('');
        expect(full.length).toBe(2 * MAX_STORY_CHARACTERS);
        expect(storyBody.safeParse(story(full)).success).toBe(true);
        const over = storyBody.safeParse(story(full + (chars[0] as string)));
        expect(over.success).toBe(false);
        if (!over.success) expect(over.error.issues[0]?.message).toBe(`the story is longer than ${MAX_STORY_CHARACTERS} characters`);
      }),
      { numRuns: 50 },
    );
  });
});
