import { compileFolder } from '../../server/installation-folder.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { launchChromium } from '../e2e/browser.ts';
import { startSoundPage } from '../audio/page-server.ts';
import type { RenderRequest, RenderResult } from '../audio/page/main.ts';
import { table } from './stats.ts';

/**
 * Offline render speed of 10 s of the demo in Chromium: through the Tone adapter (startSound on a
 * Tone.Offline context: the real scheduler, pools, panners, effects, limiter), beside the same notes through
 * a bare Web Audio graph built by hand (tests/audio/page/bare-graph.ts) in the same page and run. Runs are
 * interleaved and the median kept, since the machine is shared. Goals: >= 8x real time; within 2.5x of bare.
 */
export async function run(): Promise<void> {
  const installation = compileFolder('installations/upcycling-rite').installation as Installation;
  const events: ShowEvent[] = ([
    [80, { type: 'story', id: 'bench-story-1', text: 'I remember the rain.', emotion: 'grief', material: 'pfas-raincoat', lang: 'en', consent: true }],
    [86, { type: 'story-approved', id: 'bench-story-1' }],
    [88, { type: 'reaction', kind: 'heart', material: 'lead-paint-door' }],
  ] as [number, EventBody][]).map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);
  // 84-94 s: the end of the gathering, the glitch's onset at 90, a story's motif and a reaction.
  const req: RenderRequest = { installation, events, t0: 84, seconds: 10, sampleRate: 44100 };
  const server = await startSoundPage();
  const browser = await launchChromium({ width: 320, height: 180 });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    const render = (kind: 'renderTone' | 'renderBare'): Promise<RenderResult> => page.evaluate(([k, r]) => window.soundTest[k](r), [kind, req] as const);
    // Warm-up: module compilation, Tone's first reverb, JIT.
    await render('renderTone');
    await render('renderBare');
    const runs = 5;
    const tone: RenderResult[] = [];
    const bare: RenderResult[] = [];
    for (let i = 0; i < runs; i++) {
      tone.push(await render('renderTone'));
      bare.push(await render('renderBare'));
    }
    const median = (rs: RenderResult[]) => [...rs].map((r) => r.wallSeconds).sort((a, b) => a - b)[Math.floor(rs.length / 2)] as number;
    const toneS = median(tone);
    const bareS = median(bare);
    const medianOf = (rs: RenderResult[], f: (r: RenderResult) => number) => [...rs].map(f).sort((a, b) => a - b)[Math.floor(rs.length / 2)] as number;
    const row = (name: string, s: number, rs: RenderResult[]) => {
      const r = rs[0] as RenderResult;
      return [name, r.notes, s, medianOf(rs, (x) => x.scheduleSeconds), `${(req.seconds / s).toFixed(1)}x`, `${(s / bareS).toFixed(2)}x`, r.peak.toFixed(3), (20 * Math.log10(r.rms)).toFixed(1)];
    };
    table(`Offline render of 10 s of the demo (84-94 s, 44.1 kHz stereo), Chromium, median of ${runs} interleaved runs`,
      ['graph', 'notes', 'wall s', 'of which scoring + scheduling JS, s', 'real-time factor (goal >= 8x)', 'time vs bare (goal <= 2.5x)', 'peak', 'RMS dBFS'],
      [row('Tone adapter (startSound)', toneS, tone), row('bare Web Audio graph', bareS, bare)]);
    console.log(`\nall runs, s: tone ${tone.map((r) => r.wallSeconds.toFixed(2)).join(' ')}; bare ${bare.map((r) => r.wallSeconds.toFixed(2)).join(' ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
