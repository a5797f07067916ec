import { compileFolder } from '../../server/installation-folder.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { launchChromium } from '../e2e/browser.ts';
import { startSoundPage } from '../audio/page-server.ts';
import type { RenderRequest, RenderResult } from '../audio/page/main.ts';
import { table } from './stats.ts';
import { descendantsCpuSeconds } from './cpu.ts';

/**
 * Offline render speed of 10 s of the demo in Chromium: through the Tone adapter (startSound on a
 * Tone.Offline context: the real scheduler, pools, panners, effects, limiter), beside the same notes through
 * a bare Web Audio graph built by hand (tests/audio/page/bare-graph.ts) in the same page and run. Runs are
 * interleaved and the median kept, since the machine is shared; beside wall time, the CPU time Chromium
 * spent on each render (from /proc), which other people's load disturbs much less.
 * Goals: >= 8x real time; within 2.5x of bare.
 */
export async function run(): Promise<void> {
  const installation = compileFolder('installations/upcycling-rite').installation as Installation;
  const events: ShowEvent[] = (
    [
      [80, { type: 'story', id: 'bench-story-1', text: 'I remember the rain.', emotion: 'grief', material: 'pfas-raincoat', lang: 'en', consent: true }],
      [86, { type: 'story-approved', id: 'bench-story-1' }],
      [88, { type: 'reaction', kind: 'heart', material: 'lead-paint-door' }],
    ] as [number, EventBody][]
  ).map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);
  // 84-94 s: the end of the gathering, the glitch's onset at 90, a story's motif and a reaction.
  const req: RenderRequest = { installation, events, t0: 84, seconds: 10, sampleRate: 44100 };
  const server = await startSoundPage();
  const browser = await launchChromium({ width: 320, height: 180 });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    interface Measured extends RenderResult {
      readonly cpuSeconds: number;
    }
    const render = async (kind: 'renderTone' | 'renderBare'): Promise<Measured> => {
      const cpu0 = descendantsCpuSeconds();
      const r = await page.evaluate(([k, q]) => window.soundTest[k](q), [kind, req] as const);
      return { ...r, cpuSeconds: descendantsCpuSeconds() - cpu0 };
    };
    // Warm-up: module compilation, JIT, the reverb's impulse response.
    await render('renderTone');
    await render('renderBare');
    const runs = 5;
    const tone: Measured[] = [];
    const bare: Measured[] = [];
    for (let i = 0; i < runs; i++) {
      tone.push(await render('renderTone'));
      bare.push(await render('renderBare'));
    }
    const median = (rs: readonly Measured[], f: (r: Measured) => number) => [...rs].map(f).sort((a, b) => a - b)[Math.floor(rs.length / 2)] as number;
    const wall = (r: Measured) => r.wallSeconds;
    const cpu = (r: Measured) => r.cpuSeconds;
    const row = (name: string, rs: readonly Measured[]) => {
      const r = rs[0] as Measured;
      const w = median(rs, wall);
      const c = median(rs, cpu);
      return [
        name,
        r.notes,
        w,
        c,
        median(rs, (x) => x.scheduleSeconds),
        `${(req.seconds / w).toFixed(1)}x`,
        `${(req.seconds / c).toFixed(1)}x`,
        `${(w / median(bare, wall)).toFixed(2)}x`,
        `${(c / median(bare, cpu)).toFixed(2)}x`,
        r.peak.toFixed(3),
        (20 * Math.log10(r.rms)).toFixed(1),
      ];
    };
    table(
      `Offline render of 10 s of the demo (84-94 s, 44.1 kHz stereo) in Chromium, median of ${runs} interleaved runs`,
      [
        'graph',
        'notes',
        'wall s',
        'Chromium CPU s',
        'scoring + scheduling JS s',
        'real time / wall (goal >= 8x)',
        'real time / CPU',
        'wall vs bare (goal <= 2.5x)',
        'CPU vs bare',
        'peak',
        'RMS dBFS',
      ],
      [row('Tone adapter (startSound)', tone), row('bare Web Audio graph', bare)],
    );
    console.log(
      `\nall runs, wall s / CPU s: tone ${tone.map((r) => `${r.wallSeconds.toFixed(2)}/${r.cpuSeconds.toFixed(2)}`).join(' ')}; bare ${bare.map((r) => `${r.wallSeconds.toFixed(2)}/${r.cpuSeconds.toFixed(2)}`).join(' ')}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
