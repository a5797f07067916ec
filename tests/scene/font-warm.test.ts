import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showAt } from '../../src/core/show.ts';
import { liveSource, type LiveSource } from '../../src/net/live-source.ts';
import type { FontFaces, StoryFont } from '../../src/scene/font-faces.ts';
import { prepareArrivingStories, showTexts, warmShowFonts } from '../../src/scene/font-warm.ts';
import { cardText, type CodeRanges } from '../../src/scene/story-text.ts';
import type { RunningServer } from '../../server/server.ts';
import { clientId, connect, demoCopy, hello, removeDir, startTestServer, TOKEN, until, type Client } from '../server/show-server.ts';

/**
 * The story fonts loaded ahead of the cards (src/scene/font-warm.ts), against a real show server and a
 * wall's real live source: a story's files are asked for as soon as the story reaches the wall (under
 * `moderation: before`, at its approval, and never while held or once hidden), each story once; and the
 * warm-up asks for every text the show can put on a card. The fonts are the one part not real here: a
 * FontFaces that records what it is asked (what it loads is font-faces.ts's, tested in the browser by
 * canvas-text.test.ts).
 */

/** Everything but U+FFFE: texts stay as written, and a character outside it is still replaced. */
const COVERAGE: CodeRanges = [
  [0, 0xfffd],
  [0xffff, 0x10ffff],
];

function recordingFont(): StoryFont & { asked: { text: string; lang: string | null }[]; preloads: number[] } {
  const asked: { text: string; lang: string | null }[] = [];
  /** How many texts had been asked for at each preload of the index. */
  const preloads: number[] = [];
  const faces: FontFaces = {
    preloadIndex: async () => void preloads.push(asked.length),
    prepare: async (text, lang) => {
      asked.push({ text, lang });
      return '"mw-primary"';
    },
    prepared: () => undefined,
  };
  return { url: '', coverage: COVERAGE, faces, asked, preloads };
}

let dir: string;
let server: RunningServer;
let wall: LiveSource;
let op: Client;
const phones: Client[] = [];
let materials: string[] = [];

beforeAll(async () => {
  // The demo moderates before: a story reaches a wall only with its approval.
  dir = demoCopy();
  server = await startTestServer(dir, { watch: false });
  wall = liveSource({ url: server.url, clientId: clientId('warm-wall'), display: 'north' });
  await wall.ready();
  op = connect(server.url);
  expect(await hello(op, { role: 'operator', token: TOKEN })).toMatchObject({ ok: true });
  materials = readFileSync(join(dir, 'materials.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',')[0] as string);
}, 60_000);
afterAll(async () => {
  wall?.close();
  op?.disconnect();
  for (const p of phones) p.disconnect();
  await server?.close();
  removeDir(dir);
});

let sent = 0;
async function submit(text: string, lang: string): Promise<string> {
  const phone = connect(server.url);
  phones.push(phone);
  expect(await hello(phone, { role: 'audience' })).toMatchObject({ ok: true });
  const id = `warm-story-${++sent}`;
  const ack = await phone.timeout(5000).emitWithAck('story:submit', { id, text, emotion: 'care', material: materials[0] as string, lang, consent: true });
  expect(ack, text).toMatchObject({ ok: true });
  phone.disconnect();
  return id;
}

const storyText = fc.constantFrom(
  'The river remembers.',
  '川は染料を覚えている',
  'नदी को रंग याद है',
  'แม่น้ำจำสี',
  '강은 기억한다',
  '🌊🐟',
  'البلاط آمن',
  'a\ufffeb',
);
const lang = fc.constantFrom('en', 'ja', 'hi', 'th', 'ko', 'und', 'ar');

describe('fonts loaded ahead of the story cards', () => {
  it('asks for a story once, as the card draws it, when it reaches the wall: at its approval, never held or hidden', async () => {
    const font = recordingFont();
    const stop = prepareArrivingStories(wall, font);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ text: storyText, lang, fate: fc.constantFrom('approve', 'hide', 'held') }), { minLength: 1, maxLength: 4 }),
          async (stories) => {
            font.asked.length = 0;
            const ids: string[] = [];
            for (const s of stories) ids.push(await submit(s.text, s.lang));
            // Held: the wall has not heard of them, so nothing is asked.
            expect(font.asked).toEqual([]);
            for (const [i, s] of stories.entries()) {
              if (s.fate === 'held') continue;
              const ack = await op.timeout(5000).emitWithAck('moderate', { id: ids[i] as string, action: s.fate === 'approve' ? 'approve' : 'hide' });
              expect(ack).toMatchObject({ ok: true });
            }
            const approved = stories.filter((s) => s.fate === 'approve');
            const last = ids[stories.map((s) => s.fate).lastIndexOf('approve')];
            if (last !== undefined) await until(() => wall.log().storyById.has(last), 10_000);
            // Asked once each, in order of approval, with the card's text and language.
            expect(font.asked).toEqual(approved.map((s) => cardText(s.text, s.lang, COVERAGE)));
          },
        ),
        { numRuns: 8 },
      );
    } finally {
      stop();
    }
  }, 120_000);

  it('loads the font index, then warms every label, caption and story of the show once, one text at a time, and stops when told', async () => {
    const font = recordingFont();
    const texts = showTexts(wall, font);
    const rows = showAt(wall.installation(), wall.log(), wall.now()).sculptures.flatMap((s) => s.rows);
    expect(rows.length).toBeGreaterThan(0);
    // Every row's label, in capitals as a card draws it, and every story of the log is among them, as its card draws it.
    for (const story of wall.log().storyById.values()) expect(texts).toContainEqual(cardText(story.text, story.lang, COVERAGE));
    for (const row of rows) expect(texts).toContainEqual(cardText(row.label, 'und', COVERAGE, 'label'));
    expect(new Set(texts.map((t) => `${t.lang}|${t.text}`)).size).toBe(texts.length);
    const stop = warmShowFonts(wall, font);
    await until(() => font.asked.length === texts.length, 20_000);
    stop();
    expect(font.asked).toEqual(texts);
    // The whole index once, before any text.
    expect(font.preloads).toEqual([0]);
    // Stopped at once: a run stopped before its first idle moment asks nothing. (Node has no
    // requestIdleCallback: the first step is a 0 ms timer, set before the one awaited here, so it would
    // have run by then.)
    const other = recordingFont();
    warmShowFonts(wall, other)();
    await new Promise((r) => setTimeout(r, 0));
    expect(other.asked).toEqual([]);
    expect(other.preloads).toEqual([]);
  }, 60_000);
});
