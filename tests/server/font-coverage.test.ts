import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fontCoverage } from '../../server/font-coverage.ts';
import { offlineFiles } from '../../server/offline-assets.ts';
import { covers } from '../../src/scene/story-text.ts';
import { FONT_COVERAGE_PATH, FONT_PATH, XR_PROFILES_PATH } from '../../src/app/display/offline-paths.ts';

describe('the story font served by Meshwork', () => {
  const files = offlineFiles();
  const read = (path: string) => {
    const f = files.get(path.slice(1));
    if (!f) throw new Error(`not served: ${path}`);
    return f();
  };
  const coverage = fontCoverage(read(FONT_PATH));

  it('is a WOFF 1.0 file (troika cannot read WOFF2), covered by the coverage served beside it', () => {
    expect(read(FONT_PATH).toString('latin1', 0, 4)).toBe('wOFF');
    // The served coverage is that of every font (tests/server/font-catalogue.test.ts): it holds this one's.
    const all = JSON.parse(read(FONT_COVERAGE_PATH).toString()) as typeof coverage;
    for (const [a, b] of coverage) expect(covers(all, a) && covers(all, b), `${a}-${b}`).toBe(true);
  });

  it('covers the scripts the README says it draws, and leaves the others to the fallback fonts', () => {
    const has = (s: string) => covers(coverage, s.codePointAt(0) as number);
    for (const ch of ['é', 'ạ', 'λ', 'ж', 'Ա', 'ა', 'ש', 'ع', 'ກ', '\ufffd']) expect(has(ch), ch).toBe(true);
    for (const ch of ['क', 'ก', '水', '한']) expect(has(ch), ch).toBe(false);
  });

  it('reads a plain TrueType file the same way', () => {
    // The same font as TrueType, if Debian's is installed; the WOFF wraps the same cmap.
    let ttf: Buffer;
    try {
      ttf = readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
    } catch {
      ttf = Buffer.alloc(0);
    }
    if (ttf.length === 0) {
      expect(() => fontCoverage(Buffer.from('wOF2----'))).toThrow(/WOFF2/);
      return;
    }
    const fromTtf = fontCoverage(ttf);
    const count = (r: typeof coverage) => r.reduce((n, [a, b]) => n + b - a + 1, 0);
    expect(Math.abs(count(fromTtf) - count(coverage)) / count(coverage)).toBeLessThan(0.02);
  });
});

describe('the XR profiles served by Meshwork', () => {
  const files = offlineFiles();
  it('lists only the profiles it ships, each with its models', () => {
    const list = JSON.parse((files.get(`${XR_PROFILES_PATH.slice(1)}profilesList.json`) as () => Buffer)().toString()) as Record<string, { path: string }>;
    expect(Object.keys(list)).toContain('meta-quest-touch-plus');
    expect(Object.keys(list)).toContain('generic-hand');
    for (const { path } of Object.values(list)) {
      const profile = JSON.parse((files.get(`${XR_PROFILES_PATH.slice(1)}${path}`) as () => Buffer)().toString()) as {
        layouts: Record<string, { assetPath: string }>;
      };
      const dir = path.slice(0, path.lastIndexOf('/') + 1);
      for (const layout of Object.values(profile.layouts))
        expect(files.has(`${XR_PROFILES_PATH.slice(1)}${dir}${layout.assetPath}`), `${dir}${layout.assetPath}`).toBe(true);
    }
    expect(files.has(`${XR_PROFILES_PATH.slice(1)}generic-hand/left.glb`)).toBe(true);
  });
});
