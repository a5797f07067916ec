import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFromMap } from '../../src/core/installation.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { fontCatalogue } from '../../server/font-catalogue.ts';
import { MAX_PER_FILE, uncoveredStoryWarnings, uncoveredTextWarnings } from '../../server/text-coverage.ts';
import { covers, drawable } from '../../src/scene/story-text.ts';

const { coverage } = fontCatalogue();

const YAML = `title: Sediment
data:
  samples: { file: samples.csv }
sculptures:
  - id: samples
    data: samples
    label: site
    count: { field: depth, scale: { range: [10, 20] } }
phases:
  - { id: one, duration: 60 }
`;

/** Characters the fonts draw (from several scripts) and characters none draws (private use, unassigned). */
const good = fc.constantFrom(...'ab é ж ש ع 水 あ 한 क ก 😀 , .'.split(' ').filter((c) => c !== ''));
const bad = fc
  .oneof(fc.integer({ min: 0xe000, max: 0xf8ff }), fc.integer({ min: 0x0378, max: 0x0379 }), fc.integer({ min: 0xf0000, max: 0xffffd }))
  .map((c) => String.fromCodePoint(c))
  .filter((c) => !drawable(c, coverage));
const cell = fc.array(fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad }), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('check: text no served font draws', () => {
  it('warns for every data cell holding such characters, at its row, line and column, and for no other', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 30 }), (rows) => {
        const csv = ['site,depth,notes', ...rows.map(([site, notes], i) => `${csvCell(site)},${i + 1},${csvCell(notes)}`)].join('\n');
        const compiled = compileFromMap({ 'installation.yaml': YAML, 'samples.csv': csv });
        expect(compiled.installation, JSON.stringify(compiled.diagnostics)).toBeDefined();
        const warnings = uncoveredTextWarnings(compiled.installation as NonNullable<typeof compiled.installation>, coverage, (f) =>
          f === 'samples.csv' ? csv : undefined,
        );
        const expected: string[] = [];
        rows.forEach(([site, notes], i) => {
          if ([...site].some((c) => !drawable(c, coverage))) expected.push(`samples[${i}].site`);
          if ([...notes].some((c) => !drawable(c, coverage))) expected.push(`samples[${i}].notes`);
        });
        const listed = warnings.filter((w) => w.path !== '');
        expect(listed.map((w) => w.path)).toEqual(expected.slice(0, MAX_PER_FILE));
        if (expected.length > MAX_PER_FILE) expect(warnings.at(-1)?.message).toContain(`and ${expected.length - MAX_PER_FILE} more`);
        const lines = csv.split('\n');
        for (const w of listed) {
          expect(w.severity).toBe('warning');
          expect(w.file).toBe('samples.csv');
          const row = Number(w.path.match(/\[(\d+)\]/)?.[1]);
          expect(w.message).toContain(`data row ${row + 1}`);
          // The line is the row's (the header is line 1), and the column points at a character no font draws.
          expect(w.line).toBe(row + 2);
          const at = (lines[w.line - 1] as string).slice(w.column - 1);
          expect(drawable(String.fromCodePoint(at.codePointAt(0) as number), coverage), `${w.path} at ${w.line}:${w.column}`).toBe(false);
          expect(w.message).toMatch(/U\+[0-9A-F]{4,6}/);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("warns for an archive's stories, naming each by id and seq", () => {
    const events: ShowEvent[] = [
      { type: 'story', id: 's1', text: 'fine 水', emotion: 'care', material: 'x', lang: 'ja', consent: true, seq: 1, t: 1 },
      { type: 'story', id: 's2', text: 'odd \ue000 glyph', emotion: 'care', material: 'x', lang: 'en', consent: true, seq: 2, t: 2 },
    ];
    const w = uncoveredStoryWarnings('show.json', events, coverage);
    expect(w).toHaveLength(1);
    expect(w[0]?.path).toBe('story s2');
    expect(w[0]?.message).toMatch(/seq 2 .*U\+E000/);
    expect(covers(coverage, 0x6c34)).toBe(true);
  });
});

describe('meshwork check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-text-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the warning with file:line:column and still passes', async () => {
    writeFileSync(join(dir, 'installation.yaml'), YAML);
    writeFileSync(join(dir, 'samples.csv'), 'site,depth,notes\nElbe,1,川の泥 🌊\nSaale,2,odd \ue000 mark\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['server/bin/meshwork.mjs', 'check', dir], { timeout: 60_000 });
    expect(stdout).toMatch(/samples\.csv:3:13 warning samples\[1\]\.notes: data row 2, field "notes" .*U\+E000/);
    expect(stdout).toMatch(/ok \(.*1 warning\(s\)/);
    expect(stdout).not.toContain('samples[0]');
  }, 90_000);
});
