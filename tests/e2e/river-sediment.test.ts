import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFolder } from '../../server/installation-folder.ts';
import { renderFrames } from '../../server/render.ts';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import { showAt } from '../../src/core/show.ts';
import { colourCount, compare, decodePng, keepArtifact, litFraction } from './png.ts';

/** The test installation of issue 11: one CSV of river sediment samples feeding seven sculptures through
 * filters, with missing values and field notes in six languages. */
const FOLDER = join(import.meta.dirname, '../../installations/river-sediment');
const dir = mkdtempSync(join(tmpdir(), 'meshwork-river-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('installations/river-sediment', () => {
  it('passes check with warnings for its missing values only, one file feeding seven sculptures', () => {
    const r = compileFolder(FOLDER);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning' && d.file === 'samples.csv');
    expect(warnings.length).toBeGreaterThanOrEqual(6);
    for (const w of warnings) expect(w.message).toMatch(/data rows? \d+/);
    const inst = r.installation!;
    const sculptures = encodeSculptures(inst);
    expect(sculptures.map((s) => s.id)).toEqual(['tejo', 'ebro', 'rhein', 'loire', 'thames', 'tama', 'hotspots']);
    // Each river is 8 rows of the one file; together the six rivers are every row.
    for (const s of sculptures.slice(0, 6)) expect(s.rows.map((row) => row.data.river)).toEqual(Array(8).fill(s.rows[0]!.data.river));
    expect(new Set(sculptures.slice(0, 6).flatMap((s) => s.rows.map((row) => row.source))).size).toBe(inst.data.samples!.rows.length);
    for (const row of sculptures[6]!.rows) expect(row.data.mercury_mg_kg as number).toBeGreaterThanOrEqual(2);
    // Captions in six languages are in the room; a Japanese one among them over a few turns.
    const texts = [0, 10, 20, 30].flatMap((t) => showAt(inst, [], t).captions.map((c) => c.text));
    expect(texts.some((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t))).toBe(true);
    expect(texts.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(showAt(inst, [], 0).legends.map((l) => [l.sculpture, l.place, l.noData !== undefined])).toEqual([
      ['tejo', 'corner', true],
      ['hotspots', 'room', false],
    ]);
  });

  it('renders non-blank, changing frames at several t on the north wall', async () => {
    await ensureClientBuilt();
    const times = [8, 75, 200];
    const frames = times.map((t) => ({ t, out: join(dir, `river-${t}.png`) }));
    await renderFrames({ folder: FOLDER, display: 'north', width: 320, height: 180, timeoutSeconds: 240 }, frames);
    const images = frames.map((f, i) => {
      const png = readFileSync(f.out);
      keepArtifact(`river-sediment-north-t${times[i]}`, png);
      return decodePng(png);
    });
    for (const img of images) {
      expect(litFraction(img)).toBeGreaterThan(0.02);
      expect(colourCount(img)).toBeGreaterThan(60);
    }
    // The show moves: survey, flood and settling do not look alike.
    expect(compare(images[0]!, images[2]!).differing).toBeGreaterThan(1000);
    expect(compare(images[1]!, images[2]!).differing).toBeGreaterThan(1000);
  }, 600_000);
});
