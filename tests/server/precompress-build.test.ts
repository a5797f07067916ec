import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { precompress } from '../../server/compression.ts';

/** The precompress plugin in a real Vite build of a small page: it writes .br/.gz beside the output, and
 * when the build fails it keeps out of the way, so the error a person sees is the build's own (it used to
 * be "ENOENT: scandir dist.tmp-…", the folder the failed build never wrote). */

const root = mkdtempSync(join(tmpdir(), 'meshwork-precompress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function buildPage(source: string, outDir: string): Promise<unknown> {
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(root, 'main.js'), source);
  const { build } = await import('vite');
  try {
    await build({ root, configFile: false, logLevel: 'silent', plugins: [precompress()], build: { outDir, emptyOutDir: true } });
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('precompress in a Vite build', () => {
  it('compresses what a build wrote', async () => {
    const out = join(root, 'ok');
    const text = Array.from({ length: 400 }, (_, i) => `console.log(${JSON.stringify(`line ${i} of a page`)});`).join('\n');
    expect(await buildPage(text, out)).toBeUndefined();
    const js = readFileSync(join(out, 'index.html'), 'utf8').match(/assets\/[^"]+\.js/)?.[0];
    expect(js).toBeDefined();
    expect(existsSync(join(out, `${js}.br`))).toBe(true);
    expect(existsSync(join(out, `${js}.gz`))).toBe(true);
  }, 60_000);

  it("lets a failed build's own error through", async () => {
    const err = await buildPage('export const broken = ;\n', join(root, 'failed'));
    expect(String((err as Error | undefined)?.message)).not.toMatch(/ENOENT|scandir/);
    expect(String((err as Error | undefined)?.message)).toMatch(/main\.js/);
  }, 60_000);
});
