import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { FINDINGS, HINTS, fillTemplate, isFindingCode, isHintCode } from '../../src/core/findings.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { decodeText } from '../../src/core/text-file.ts';
import { fontCatalogue } from '../../server/font-catalogue.ts';
import { uncoveredStoryWarnings, uncoveredTextWarnings } from '../../server/text-coverage.ts';
import { drawable } from '../../src/scene/story-text.ts';

/**
 * The findings of data files, text files and font coverage carry a finding code and a hint code, and
 * both English texts are their templates filled with their parameters, also after the trip through JSON:
 * so the console, which words them from its catalogue, says what `check` says. Generated broken CSV and
 * JSON files, bytes in broken encodings, and texts with characters no served font draws.
 */
function expectCoded(d: Diagnostic): void {
  const wire = JSON.parse(JSON.stringify(d)) as Diagnostic;
  expect(isFindingCode(wire.code), `no code for ${d.file}: ${d.message}`).toBe(true);
  expect(fillTemplate(FINDINGS[wire.code as keyof typeof FINDINGS], wire.params ?? {})).toBe(d.message);
  expect(isHintCode(wire.hintCode), `no hint code for ${d.file}: ${d.hint}`).toBe(true);
  expect(fillTemplate(HINTS[wire.hintCode as keyof typeof HINTS], wire.hintParams ?? {})).toBe(d.hint);
}

const name = fc.stringMatching(/^[a-z]{2,8}$/);
const value = fc.oneof(fc.integer({ min: -99, max: 999 }).map(String), name);
/** A CSV with one defect of a kind, or several rows too short or too long (more than MAX_REPORTED of them
 * gives the "and N more" finding). */
const brokenCsv: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constant('\n\n'),
  fc.tuple(name, value).map(([n, v]) => `id,${n}\na,"${v}\n`),
  name.map((n) => `id,,${n}\na,1,2\n`),
  name.map((n) => `id,${n},${n}\na,1,2\n`),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((n) => `id,${n}\na,1\n`),
  fc
    .array(fc.array(value, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 })
    .filter((rows) => rows.some((r) => r.length !== 3))
    .map((rows) => `id,level,mass_kg\n${rows.map((r) => r.join(',')).join('\n')}\n`),
  fc.integer({ min: 1, max: 5 }).map((k) => `id,level\n${'a\0b,1\n'.repeat(k)}`),
  fc.integer({ min: 9, max: 40 }).map((k) => `id,level\n${'a\u0001,1\n'.repeat(k)}`),
  fc.integer({ min: 257, max: 300 }).map((k) => `${Array.from({ length: k }, (_, i) => `c${i}`).join(',')}\n`),
);
const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('[{"id": "a",}]', '[{"id": "a"', '{"id": 1}', '[1, 2]', '[[1]]', 'nope', '[{"id": "a"} {"id": "b"}]'),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((n) => `[{"id": "a", "${n}": 1}]`),
  fc.integer({ min: 257, max: 280 }).map((k) => JSON.stringify([Object.fromEntries(Array.from({ length: k }, (_, i) => [`f${i}`, i]))])),
);
const installation = (file: string) => `title: T\ndata:\n  m: { file: ${file} }\nsculptures:\n  - id: m\n    data: m\n    count: { value: 100 }\n`;

describe('findings of data files, text files and font coverage carry codes', () => {
  it('every finding of a broken CSV or JSON data file, and its hint, has a code that words it', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof(
          brokenCsv.map((text) => ['m.csv', text] as const),
          brokenJson.map((text) => ['m.json', text] as const),
        ),
        ([file, text]) => {
          const r = compileFromMap({ 'installation.yaml': installation(file), [file]: text });
          const mine = r.diagnostics.filter((d) => d.file === file);
          expect(mine.length, `${file}: ${JSON.stringify(text).slice(0, 80)}`).toBeGreaterThan(0);
          for (const d of mine) {
            expectCoded(d);
            seen.add(d.code as string);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });

  it('a data file or archive named outside the folder, or missing, and a file without fields: coded', () => {
    const fileName = fc.oneof(
      name.map((n) => `/${n}.csv`),
      name.map((n) => `C:/${n}.csv`),
      name.map((n) => `../${n}.csv`),
      name.map((n) => `${n}\u0001.csv`),
      name.map((n) => `missing-${n}.csv`),
    );
    const seen = new Set<string>();
    fc.assert(
      fc.property(fileName, fileName, fc.boolean(), (data, archive, fields) => {
        const yaml = fields
          ? `${installation(JSON.stringify(data))}memory:\n  archives: [${JSON.stringify(archive.replace('.csv', '.json'))}]\n`
          : `- ${JSON.stringify(data)}\n`;
        const r = compileFromMap({ 'installation.yaml': yaml, 'm.csv': 'id\na\n' });
        expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) {
          expectCoded(d);
          seen.add(d.code as string);
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(6);
    expectCoded(compileFromMap({}).diagnostics[0] as Diagnostic);
  });

  it('a file in a broken or unexpected encoding: its finding and hint have codes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Uint8Array.from([0xfe, 0xff, ...b])),
      fc.stringMatching(/^[a-z,]{4,30}$/).map((s) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]))),
      fc.stringMatching(/^[a-z,\n]{1,30}$/).map((s) => Uint8Array.from([...Buffer.from(s), 0xe9, 0x0a])),
      fc.uint8Array({ minLength: 50, maxLength: 200 }),
    );
    let coded = 0;
    fc.assert(
      fc.property(bytes, fc.integer({ min: 10, max: 400 }), (b, limit) => {
        for (const d of decodeText('m.csv', b, limit).diagnostics) {
          expectCoded(d);
          coded++;
        }
      }),
      { numRuns: 300 },
    );
    expect(coded).toBeGreaterThan(100);
  });

  it('text no served font draws, in data rows and stories: coded, with the characters as a parameter', () => {
    const { coverage } = fontCatalogue();
    const bad = fc
      .oneof(fc.integer({ min: 0xe000, max: 0xf8ff }), fc.integer({ min: 0xf0000, max: 0xffffd }))
      .map((c) => String.fromCodePoint(c))
      .filter((c) => !drawable(c, coverage));
    const text = fc
      .array(fc.oneof(fc.constantFrom('a', 'é', '水', ' '), bad), { minLength: 1, maxLength: 12 })
      .filter((t) => t.some((c) => !drawable(c, coverage)));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 30 }), (texts) => {
        const csv = `id,note\n${texts.map((t, i) => `r${i},${t.join('')}`).join('\n')}\n`;
        const yaml = `title: T\ndata:\n  m: { file: m.csv }\nsculptures:\n  - id: m\n    data: m\n    label: note\n    count: { value: 10 }\n`;
        const r = compileFromMap({ 'installation.yaml': yaml, 'm.csv': csv });
        if (!r.installation) throw new Error(JSON.stringify(r.diagnostics));
        const rows = uncoveredTextWarnings(r.installation, coverage, () => csv);
        const events = texts.map((t, i) => ({ type: 'story', id: `s${i}`, seq: i + 1, t: i, text: t.join('') }) as unknown as ShowEvent);
        const stories = uncoveredStoryWarnings('show.json', events, coverage);
        expect(rows.length).toBeGreaterThan(0);
        expect(stories.length).toBeGreaterThan(0);
        for (const d of [...rows, ...stories]) expectCoded(d);
      }),
      { numRuns: 60 },
    );
  });
});
