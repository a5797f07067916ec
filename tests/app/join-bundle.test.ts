import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { PROJECT_ROOT, asProduction } from '../../server/build-client.ts';

/**
 * The phone page must load fast on a crowded venue network: at most 50 KB gzipped (HTML, JS and CSS), and
 * none of the libraries the screens need (three, tone, React). Built on its own, so every emitted asset is
 * part of /join and nothing else.
 */
const LIMIT_BYTES = 50 * 1024;

/** Strings each library's shipped code carries whatever the minifier does (globals it sets or reads,
 * element type tags). The second test checks they are really in those libraries. */
const MARKERS = {
  three: { marker: '__THREE__', source: 'node_modules/three/build/three.core.js' },
  tone: { marker: 'TONE_SILENCE_LOGGING', source: 'node_modules/tone/build/esm/core/Global.js' },
  react: { marker: 'react.transitional.element', source: 'node_modules/react/cjs/react.production.js' },
} as const;

let out: string;
const files: { name: string; text: string; gzip: number }[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'meshwork-join-build-'));
  // As served: vitest sets NODE_ENV=test, which Vite would keep.
  await asProduction(() =>
    build({
      configFile: join(PROJECT_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true, rollupOptions: { input: join(PROJECT_ROOT, 'src/app/join.html') } },
    }),
  );
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
  for (const path of walk(out).filter((p) => /\.(html|js|css)$/.test(p))) {
    const text = readFileSync(path, 'utf8');
    files.push({ name: path.slice(out.length + 1), text, gzip: gzipSync(text).length });
  }
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** What a phone loads first: join.html and what it names (script, module preloads, style sheet). The
 * other files are the catalogues of the other languages, each fetched only when chosen. */
const firstLoad = () => {
  const html = files.find((f) => f.name === 'join.html');
  if (!html) throw new Error('no join.html in the build');
  const named = new Set([...html.text.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  return { first: files.filter((f) => f === html || named.has(f.name)), later: files.filter((f) => f !== html && !named.has(f.name)) };
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('the /join bundle', () => {
  it(`loads at most ${LIMIT_BYTES / 1024} KB gzipped first (HTML, JS and CSS), with the catalogue of any one language`, () => {
    const { first, later } = firstLoad();
    const total = first.reduce((a, f) => a + f.gzip, 0);
    const largest = later.reduce((a, f) => Math.max(a, f.gzip), 0);
    console.log(
      `/join first load: ${first.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')}; total ${kb(total)} gzipped. ` +
        `Catalogues loaded per language: ${later.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')}; first load + largest ${kb(total + largest)}`,
    );
    expect(first.some((f) => f.name.endsWith('.js'))).toBe(true);
    expect(first.some((f) => f.name.endsWith('.css'))).toBe(true);
    // Six catalogues beside English, each its own file, none loaded first.
    expect(later.filter((f) => f.name.endsWith('.js'))).toHaveLength(6);
    expect(first.some((f) => f.text.includes('あなたの物語'))).toBe(false);
    expect(later.some((f) => f.text.includes('あなたの物語'))).toBe(true);
    expect(total + largest).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  it('holds no three, tone or React code (and the markers used to tell are really in those libraries)', () => {
    for (const [lib, { marker, source }] of Object.entries(MARKERS)) {
      expect(readFileSync(join(PROJECT_ROOT, source), 'utf8'), `${lib} marker`).toContain(marker);
      for (const f of files) expect(f.text.includes(marker), `${lib} code in ${f.name}`).toBe(false);
    }
  });
});
