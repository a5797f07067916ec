import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REFUSALS, type ErrorReply, type Refusal } from '../../src/net/protocol.ts';
import { refusalText, storyAnswer } from '../../src/app/join/answer.ts';
import { connectionState } from '../../src/app/join/connection.ts';
import en, { type Catalogue } from '../../src/app/join/catalogue/en.ts';
import es from '../../src/app/join/catalogue/es.ts';
import pt from '../../src/app/join/catalogue/pt.ts';
import fr from '../../src/app/join/catalogue/fr.ts';
import de from '../../src/app/join/catalogue/de.ts';
import ja from '../../src/app/join/catalogue/ja.ts';
import ar from '../../src/app/join/catalogue/ar.ts';
import type { ReplicaState } from '../../src/net/replica.ts';

/** The phone's words for every refusal reason the server sends, in all seven languages (answer.ts). */
const CATALOGUES: Readonly<Record<string, Catalogue>> = { en, es, pt, fr, de, ja, ar };

const replyArb = fc.record({
  reason: fc.constantFrom(...REFUSALS),
  error: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `ENGLISH ${s}`),
  hint: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  max: fc.integer({ min: 1, max: 2000 }),
  over: fc.integer({ min: 1, max: 2000 }),
  name: fc.string({ minLength: 1, maxLength: 20 }),
});
type Generated = { reason: Refusal; error: string; hint: string | undefined; max: number; over: number; name: string };
const toReply = (r: Generated): ErrorReply => ({
  ok: false,
  code: 'rejected',
  error: r.error,
  ...(r.hint !== undefined ? { hint: r.hint } : {}),
  reason: r.reason,
  values: { length: r.max + r.over, max: r.max, emotion: r.name, material: r.name, kind: r.name },
});

describe('the phone says a refusal in its language (src/app/join/answer.ts refusalText)', () => {
  it('every reason, in every catalogue: the catalogue’s words, filled in, never the server’s English', () => {
    fc.assert(
      fc.property(replyArb, fc.constantFrom(...Object.keys(CATALOGUES)), (r, lang) => {
        const t = CATALOGUES[lang] as Catalogue;
        const text = refusalText(toReply(r), t);
        expect(text).not.toContain('ENGLISH');
        expect(text).not.toMatch(/\{\w+\}/);
        expect(text.trim().length).toBeGreaterThan(5);
        expect(Object.values(t)).toContain(r.reason === 'story-too-long' ? (r.over === 1 ? t.tooLongOne : t.tooLongOther) : text);
        if (r.reason === 'story-too-long') expect(text).toContain(String(r.max));
        // Said the same way after Send (the answer) and on the connection screen.
        expect(storyAnswer(toReply(r), t)).toMatchObject({ kind: 'refused', detail: text });
        const state = { status: 'refused', refusal: toReply(r) } as unknown as ReplicaState;
        expect(connectionState(state, t)).toEqual({ kind: 'refused', message: text });
      }),
      { numRuns: 400 },
    );
  });

  it('the words differ from English in every other language', () => {
    const keys = [
      'storiesOffText',
      'thingGone',
      'feelingGone',
      'reactionsOff',
      'reactionGone',
      'codeMissing',
      'codeWrong',
      'tooManyConnections',
      'showStarting',
      'replayOnly',
      'outdated',
    ] as const;
    for (const [lang, t] of Object.entries(CATALOGUES)) if (lang !== 'en') for (const k of keys) expect(t[k], `${lang}.${k}`).not.toBe(en[k]);
  });

  it('without a reason: an invalid payload is "reload the page"; anything else reads the server’s English', () => {
    expect(refusalText({ ok: false, code: 'invalid', error: 'story:submit was not accepted: text: x' }, ja)).toBe(ja.outdated);
    expect(refusalText({ ok: false, code: 'forbidden', error: 'a audience may not send cue', hint: 'cue is for operator connections' }, ja)).toBe(
      'A audience may not send cue. Cue is for operator connections.',
    );
    // A reason from a newer server that this page does not know: its English, not nothing.
    expect(refusalText({ ok: false, code: 'rejected', error: 'something new', reason: 'from-the-future' as Refusal }, ar)).toBe('Something new.');
  });
});
