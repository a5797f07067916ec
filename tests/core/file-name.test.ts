import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileSlug, MAX_SLUG_LENGTH } from '../../src/core/file-name.ts';

describe('fileSlug', () => {
  it('gives lowercase ASCII words joined by single hyphens, short enough, for any title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (title) => {
        const slug = fileSlug(title);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        // A slug is its own slug: the server and the console agree whichever side slugs first.
        expect(fileSlug(slug)).toBe(slug);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the letters of a title and drops accents', () => {
    expect(fileSlug('The Upcycling Rite — Ão Tejo 2026')).toBe('the-upcycling-rite-ao-tejo-2026');
    expect(fileSlug('水の記憶')).toBe('meshwork');
    // Cut at the limit just after a word: no hyphen left at the end.
    expect(fileSlug(`${'a'.repeat(MAX_SLUG_LENGTH - 1)} b`)).toBe('a'.repeat(MAX_SLUG_LENGTH - 1));
  });
});
