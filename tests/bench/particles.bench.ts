import { launchChromium } from '../e2e/browser.ts';
import { serveVitePages } from '../e2e/vite-page.ts';
import type { BenchCase, BenchKind, BenchResult } from '../../src/app/bench/particle-bench.ts';
import { table } from './stats.ts';

/**
 * Particles in Chromium (WebGL2 through SwiftShader, so the "GPU" is the CPU): for N particles, the JS
 * time of a frame and the whole frame time (render, then a 1-pixel readPixels that waits for the GPU),
 * medians after a warm-up, the variants' frames alternating. Meshwork's sculptures animate the demo's glitch with story bursts; baselines in
 * the same run: (a) bare three.js Points, static positions, trivial shader (the floor); (b) the naive way,
 * positions computed in JavaScript every frame and uploaded again.
 */
const SIZES: readonly { n: number; warmup: number; frames: number }[] = [
  { n: 10_000, warmup: 10, frames: 60 },
  { n: 100_000, warmup: 5, frames: 30 },
  { n: 1_000_000, warmup: 3, frames: 10 },
];
const KINDS: readonly BenchKind[] = ['floor', 'meshwork', 'naive'];

export async function run(): Promise<void> {
  const pages = await serveVitePages();
  const browser = await launchChromium({ width: 640, height: 360 });
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${pages.url}/bench.html?bench`);
    await page.waitForFunction(() => window.meshworkBench !== undefined, null, { timeout: 120_000 });
    if (!(await page.evaluate(() => crossOriginIsolated))) console.warn('the page is not cross-origin isolated: timings are rounded to 0.1 ms');
    const results: BenchResult[] = [];
    for (const size of SIZES) {
      const c: BenchCase = { particles: size.n, warmup: size.warmup, frames: size.frames, kinds: KINDS };
      const rs = await page.evaluate((c) => (window.meshworkBench as { run(c: BenchCase): BenchResult[] }).run(c), c);
      for (const r of rs) {
        if (r.glErrors > 0) throw new Error(`${r.kind} at ${size.n} particles raised ${r.glErrors} GL error(s)`);
        results.push(r);
      }
    }
    if (errors.length) throw new Error(`the bench page failed: ${errors.join('; ')}`);
    const floor = (n: number) => results.find((r) => r.kind === 'floor' && r.particles === n) as BenchResult;
    table(
      'Particles per frame in Chromium/SwiftShader, 640x360 (medians; ratios vs (a) at the same N)',
      ['N', 'variant', 'JS ms/frame', 'frame ms', 'frame / (a)', 'JS / (a)', 'draw calls'],
      results.map((r) => [
        r.particles.toLocaleString('en'),
        r.kind === 'floor'
          ? '(a) static Points, trivial shader'
          : r.kind === 'naive'
            ? '(b) naive: JS positions + upload'
            : 'Meshwork sculpture (glitch + bursts)',
        r.jsMs,
        r.frameMs,
        `${(r.frameMs / floor(r.particles).frameMs).toFixed(2)}x`,
        `${(r.jsMs / floor(r.particles).jsMs).toFixed(2)}x`,
        r.drawCalls,
      ]),
    );
    const mesh = (n: number) => results.find((r) => r.kind === 'meshwork' && r.particles === n) as BenchResult;
    const jsFlat = mesh(1_000_000).jsMs;
    console.log(`\nGoals: Meshwork JS per frame flat in N and <= 0.5 ms at 1M: ${jsFlat.toFixed(3)} ms at 1M (${mesh(10_000).jsMs.toFixed(3)} ms at 10k).`);
    for (const n of [100_000, 1_000_000]) {
      const ratio = mesh(n).frameMs / floor(n).frameMs;
      console.log(`Frame time at ${n.toLocaleString('en')} within 1.5x of (a): ${ratio.toFixed(2)}x ${ratio <= 1.5 ? '(met)' : '(missed)'}.`);
    }
  } finally {
    await browser.close();
    await pages.close();
  }
}
