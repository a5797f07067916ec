import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import en, { type CatalogueKey } from '../../src/app/join/catalogue/en.ts';
import { catalogueLanguage, chooseLanguage, format, LANGUAGES, loadCatalogue, placeholders, wordingFor, words } from '../../src/app/join/i18n.ts';
import { groupByLabel, rowForStory, searchGroups, type MaterialOption } from '../../src/app/join/materials.ts';
import { detectLanguage, UNDETERMINED } from '../../src/app/join/story-language.ts';
import { excerpt, MY_STORIES_KEPT, MyStories, storyStatus, type MyStory } from '../../src/app/join/story-status.ts';
import { memoryStore } from '../../src/app/shared/ids.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { LANGUAGE_TAG } from '../../src/core/schema/wording.ts';

const KEYS = Object.keys(en) as CatalogueKey[];

describe('the catalogues', () => {
  it('have every key of English in every language, with the same {names}, and nothing empty', async () => {
    expect(LANGUAGES.map((l) => l.tag)).toEqual(['en', 'es', 'pt', 'fr', 'de', 'ja', 'ar']);
    for (const l of LANGUAGES) {
      const c = await loadCatalogue(l.tag);
      expect(Object.keys(c).sort(), l.tag).toEqual([...KEYS].sort());
      for (const k of KEYS) {
        expect(c[k].trim(), `${l.tag}.${k}`).not.toBe('');
        expect(placeholders(c[k]), `${l.tag}.${k}`).toEqual(placeholders(en[k]));
        if (l.tag !== 'en' && placeholders(en[k]).length === 0 && en[k].length > 12) expect(c[k], `${l.tag}.${k} is translated`).not.toBe(en[k]);
      }
    }
    expect(LANGUAGES.find((l) => l.tag === 'ar')?.dir).toBe('rtl');
  });

  it('cover every word join.html marks for them', () => {
    const html = readFileSync('src/app/join.html', 'utf8');
    const marked = [...html.matchAll(/data-(i18n|own)="(\w+)"/g)].map((m) => m[2] ?? '');
    expect(marked.length).toBeGreaterThan(10);
    for (const k of marked) expect(KEYS, k).toContain(k);
  });

  it('choose the stored language, else the first browser language with a catalogue, else English', () => {
    const tags = fc.constantFrom('en', 'en-GB', 'es-419', 'pt-BR', 'fr-CA', 'de-AT', 'ja-JP', 'ar-EG', 'zh-CN', 'ko', 'hi-IN', 'x-klingon', '');
    fc.assert(
      fc.property(fc.option(tags, { nil: null }), fc.array(tags, { maxLength: 5 }), (stored, browser) => {
        const chosen = chooseLanguage(stored, browser);
        const first = [...(stored ? [stored] : []), ...browser].map(catalogueLanguage).find((l) => l !== undefined);
        expect(chosen.tag).toBe(first?.tag ?? 'en');
        expect(LANGUAGES).toContain(chosen);
      }),
    );
    expect(chooseLanguage(null, ['pt-BR', 'en']).tag).toBe('pt');
    expect(chooseLanguage('ar', ['ja']).tag).toBe('ar');
  });

  it('fill {names} and leave unknown ones visible', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (title, n) => {
        expect(format('{title}: {n}/{n} {other}', { title, n })).toBe(`${title}: ${n}/${n} {other}`);
      }),
    );
  });
});

describe("the installation's wording", () => {
  const yaml = (wording: string) =>
    compileFromMap({
      'installation.yaml': `title: T\ndata: { d: { file: d.csv } }\nsculptures: [{ id: s, data: d, label: name }]\naudience:\n  wording:\n${wording}`,
      'd.csv': 'name\nAlpha\n',
    });

  it('is read by language, and a page without an entry in its language uses its general words', () => {
    const c = yaml('    en: { noun: Sampling sites, consent: Keep it. }\n    pt-BR: { noun: Pontos de coleta, emotions: { grief: luto } }\n');
    const wording = c.installation?.spec.audience.wording;
    expect(wording?.en?.noun).toBe('Sampling sites');
    expect(wordingFor(wording, 'pt')?.noun).toBe('Pontos de coleta');
    expect(wordingFor(wording, 'PT-br')?.noun).toBe('Pontos de coleta');
    expect(wordingFor(wording, 'ja')).toBeUndefined();
    const pt = words(en, wordingFor(wording, 'pt-BR'));
    expect(pt.own('noun')).toBe('Pontos de coleta');
    expect(pt.own('consent')).toBe(en.consent);
    expect(pt.emotion('grief')).toBe('luto');
    expect(pt.emotion('hope')).toBe('hope');
    expect(words(en, undefined).own('question')).toBe(en.question);
  });

  it('says where a wrong entry is and what is expected', () => {
    const bad = yaml('    english: { noun: X }\n');
    expect(bad.installation).toBeUndefined();
    expect(bad.diagnostics[0]).toMatchObject({ file: 'installation.yaml', line: 6, path: 'audience.wording.english' });
    expect(bad.diagnostics[0]?.message).toMatch(/"english" is not allowed as a name here: expected a language tag/);
    const unknown = yaml('    en: { nown: X }\n');
    expect(JSON.stringify(unknown.diagnostics)).toMatch(/nown/);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,3}(-[A-Z]{2})?$/), (tag) => {
        expect(LANGUAGE_TAG.test(tag)).toBe(true);
      }),
    );
  });
});

describe('the story language, from its text', () => {
  const samples: readonly [string, string][] = [
    ['Wir haben jedes Jahr das Dach geflickt, und der Regen kam trotzdem durch.', 'de'],
    ['We patched the roof every spring and the rain still came through.', 'en'],
    ['Nuestra casa tenía el techo de asbesto y nadie nos dijo nada durante años.', 'es'],
    ['A nossa fábrica deitava os restos no rio e não havia peixe nenhum.', 'pt'],
    ['Le tapis de notre école était plein de produits chimiques, et personne ne le savait.', 'fr'],
    ['Il nostro fiume era pieno di schiuma ogni estate, e nessuno ci ha ascoltato.', 'it'],
    ['雨が降るたびに、屋根から黒い水が落ちてきました。', 'ja'],
    ['每年春天我们都修补屋顶。', 'zh'],
    ['每年春天我們都修補屋頂，雨水還是從這裡漏進來。', 'zh-Hant'],
    ['매년 봄마다 우리는 지붕을 고쳤습니다.', 'ko'],
    ['كنا نصلح السقف كل ربيع، وكان المطر يتسرب أسود.', 'ar'],
    ['ما هر بهار سقف را تعمیر می‌کردیم و باران سیاه می‌چکید.', 'fa'],
    ['हर वसंत हम छत की मरम्मत करते थे।', 'hi'],
    ['ทุกฤดูใบไม้ผลิเราซ่อมหลังคา', 'th'],
    ['Каждую весну мы чинили крышу.', 'ru'],
    ['Кожної весни ми лагодили дах, і дощ усе одно протікав.', 'uk'],
    ['Κάθε άνοιξη φτιάχναμε τη στέγη.', 'el'],
    ['כל אביב תיקנו את הגג.', 'he'],
  ];

  it('names the language of stories in many scripts and languages', () => {
    for (const [text, lang] of samples) expect(detectLanguage(text), text).toBe(lang);
  });

  it('is not moved by emoji, digits, punctuation or a Latin brand name in a story of another script', () => {
    const scriptSamples = samples.filter(([, l]) => !['en', 'de', 'es', 'pt', 'fr', 'it'].includes(l));
    fc.assert(
      fc.property(
        fc.constantFrom(...scriptSamples),
        fc.array(fc.constantFrom('🌱', '❤️', '2026', '!', '…', ' ', 'PFAS', '(ok)'), { maxLength: 4 }),
        ([text, lang], extra) => {
          expect(detectLanguage(`${extra.join(' ')} ${text} ${extra.reverse().join('')}`)).toBe(lang);
        },
      ),
    );
  });

  it('tells Traditional from Simplified Chinese by the characters that differ, whatever they share', () => {
    // Pairs of the same word in each (Traditional first); shared characters around them say nothing.
    const pairs = fc.constantFrom(['們', '们'], ['這', '这'], ['說', '说'], ['電', '电'], ['廢', '废'], ['鉛', '铅'], ['灣', '湾']);
    const shared = fc.array(fc.constantFrom('水', '河', '我', '的', '是', '天', '人'), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(pairs, { minLength: 1, maxLength: 5 }), shared, shared, (words, before, after) => {
        expect(detectLanguage(before.join('') + words.map((w) => w[0]).join('') + after.join(''))).toBe('zh-Hant');
        expect(detectLanguage(before.join('') + words.map((w) => w[1]).join('') + after.join(''))).toBe('zh');
      }),
    );
  });

  it('says "und" rather than guess when the text says nothing, and always gives a tag the protocol accepts', () => {
    for (const text of ['', '🌱🌱', '1234', 'PFAS', 'OK OK', '!!!']) expect(detectLanguage(text), text).toBe(UNDETERMINED);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(detectLanguage(text)).toMatch(/^(?:[a-z]{2,3}|zh-Hant)$/);
      }),
    );
  });
});

describe('what a story attaches to, grouped by name', () => {
  const optionsArb = fc.array(
    fc.record({
      label: fc.constantFrom('Clay', 'Silt', 'Sand', 'Gravel', 'Peat', 'Marl', 'A very long name of a river bank sampling site that must wrap'),
      cat: fc.option(fc.constantFrom('bank', 'bed'), { nil: null }),
    }),
    { maxLength: 300 },
  );
  const toOptions = (rows: readonly { label: string; cat: string | null }[]): MaterialOption[] =>
    rows.map((r, i) => ({ key: `row-${i}`, label: r.label, category: r.cat }));

  it('gives one group per name, in order of first appearance, whose counts add up to the rows', () => {
    fc.assert(
      fc.property(optionsArb, (rows) => {
        const options = toOptions(rows);
        const groups = groupByLabel(options);
        expect(groups.map((g) => g.label)).toEqual([...new Set(options.map((o) => o.label))]);
        expect(groups.reduce((n, g) => n + g.keys.length, 0)).toBe(options.length);
        for (const g of groups) {
          expect(g.keys.length).toBeGreaterThan(0);
          for (const k of g.keys) expect(options.find((o) => o.key === k)?.label).toBe(g.label);
        }
      }),
    );
  });

  it('attaches a story to a row of its group, the same row for the same text', () => {
    fc.assert(
      fc.property(optionsArb, fc.string(), (rows, text) => {
        for (const g of groupByLabel(toOptions(rows))) {
          const key = rowForStory(g, text);
          expect(g.keys).toContain(key);
          expect(rowForStory(g, text)).toBe(key);
        }
      }),
    );
    // Stories of one group spread over its rows.
    const [group] = groupByLabel(toOptions(Array.from({ length: 50 }, () => ({ label: 'Clay', cat: null }))));
    if (!group) throw new Error('no group');
    expect(new Set(Array.from({ length: 40 }, (_, i) => rowForStory(group, `story ${i}`))).size).toBeGreaterThan(15);
  });

  it('finds groups by any words of the name or category, ignoring case and accents', () => {
    const groups = groupByLabel([
      { key: 'a', label: 'Café chairs', category: 'wood' },
      { key: 'b', label: 'Raincoat', category: 'textile' },
      { key: 'c', label: 'Carpet tiles', category: 'textile' },
      { key: 'd', label: 'Carpet tiles', category: 'textile' },
    ]);
    expect(searchGroups(groups, 'CAFE').map((g) => g.label)).toEqual(['Café chairs']);
    expect(searchGroups(groups, 'textile tiles').map((g) => [g.label, g.keys.length])).toEqual([['Carpet tiles', 2]]);
    expect(searchGroups(groups, '')).toHaveLength(3);
    expect(searchGroups(groups, 'steel')).toEqual([]);
  });
});

describe("the phone's own stories", () => {
  const log = (events: readonly ShowEvent[]) => EventLog.from(events, { redactHidden: true });
  const w = (seq: number, t: number): ShowEvent => ({ type: 'withheld', seq, t });
  const held: MyStory = { id: 'mine-held-1', seq: 2, outcome: 'held', excerpt: 'a' };
  const shown: MyStory = { id: 'mine-shown-1', seq: 3, outcome: 'shown', excerpt: 'b' };

  it('are held, approved and in the room, then shown; or hidden for good', () => {
    const base = [w(1, 0), w(2, 10), w(3, 12)];
    expect(storyStatus(held, log(base), 20, 40)).toBe('held');
    expect(storyStatus(shown, log(base), 20, 40)).toBe('on-display');
    expect(storyStatus(shown, log(base), 53, 40)).toBe('shown');
    const approved = [...base, { type: 'story-approved', id: held.id, seq: 4, t: 30 } as ShowEvent];
    expect(storyStatus(held, log(approved), 31, 40)).toBe('approved');
    expect(storyStatus(held, log(approved), 71, 40)).toBe('shown');
    const hidden = [
      ...approved,
      { type: 'story-hidden', id: held.id, seq: 5, t: 35 } as ShowEvent,
      { type: 'story-hidden', id: shown.id, seq: 6, t: 36 } as ShowEvent,
    ];
    expect(storyStatus(held, log(hidden), 36, 40)).toBe('hidden');
    expect(storyStatus(shown, log(hidden), 36, 40)).toBe('hidden');
    // Answered before the log reached its seq: in the room from now on.
    expect(storyStatus({ ...shown, seq: 9 }, log(base), 20, 40)).toBe('on-display');
  });

  it('are remembered across a reload, newest first, each once, at most a few', () => {
    const store = memoryStore();
    const mine = new MyStories(store);
    for (let i = 0; i < MY_STORIES_KEPT + 3; i++) mine.add({ id: `story-${i}`, seq: i + 1, outcome: 'held', excerpt: String(i) });
    mine.add({ id: 'story-12', seq: 99, outcome: 'shown', excerpt: 'again' });
    const again = new MyStories(store);
    expect(again.all.map((s) => s.id)).toEqual(Array.from({ length: MY_STORIES_KEPT }, (_, i) => `story-${MY_STORIES_KEPT + 2 - i}`));
    store.setItem('meshwork.mine', '[{"id":3}');
    expect(new MyStories(store).all).toEqual([]);
    expect(excerpt('short')).toBe('short');
    expect(excerpt('word '.repeat(30))).toMatch(/^(word ){8}word…$/);
    expect([...excerpt('雨'.repeat(100))]).toHaveLength(49);
  });
});
