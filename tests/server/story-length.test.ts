import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_STORY_CHARACTERS } from '../../src/core/text.ts';
import { MAX_MESSAGE_BYTES } from '../../server/server.ts';
import { clientId, joinShow, story, showForFile } from './show-server.ts';

/** A story's length is counted in code points by the real server, as a client in another language counts
 * it: astral characters (emoji, rare CJK) count one, not two. */

const MAX = 40;
const show = showForFile((y) => y.replace('maxLength: 280', `maxLength: ${MAX}`));

const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const bmp = fc.integer({ min: 0x21, max: 0xd7ff }).map((c) => String.fromCodePoint(c));
/** Texts of exactly `n` code points (no surrogate pairs split, no whitespace at the ends), mostly astral. */
const textOf = (n: number) =>
  fc.array(fc.oneof({ weight: 3, arbitrary: astral }, { weight: 1, arbitrary: bmp }), { minLength: n, maxLength: n }).map((cs) => cs.join(''));

describe('story length on the server', () => {
  it('takes a story of exactly maxLength code points and refuses one more, with the count people see', async () => {
    const { socket } = await joinShow(show.server.url, { role: 'audience' });
    show.keepSocket(socket);
    // The device allows 3 stories a minute: two accepted, and as many refused as we like (a refusal costs nothing).
    const fits = fc.sample(textOf(MAX), { numRuns: 2, seed: 42 });
    for (const text of fits) {
      expect(text.length).toBeGreaterThan(MAX); // UTF-16 would have refused it
      const r = await socket.timeout(5000).emitWithAck('story:submit', story(`len-${clientId()}`, text));
      expect(r).toMatchObject({ ok: true });
    }
    for (const text of fc.sample(textOf(MAX + 1), { numRuns: 20, seed: 7 })) {
      const r = await socket.timeout(5000).emitWithAck('story:submit', story(`len-${clientId()}`, text));
      expect(r).toMatchObject({ ok: false, code: 'rejected', error: `the story is ${MAX + 1} characters long; this installation takes at most ${MAX}` });
    }
  });

  it('a story of the largest length any installation takes fits in one message', () => {
    // 4 bytes of UTF-8 per astral character, plus the other fields: well under the transport's cap.
    const text = '😀'.repeat(MAX_STORY_CHARACTERS);
    expect(Buffer.byteLength(JSON.stringify(story('abcdefgh', text)))).toBeLessThan(MAX_MESSAGE_BYTES);
  });
});
