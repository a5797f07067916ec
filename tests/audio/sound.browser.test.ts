import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileFolder } from '../../server/installation-folder.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { scoreBetween, type ScoreNote } from '../../src/core/score/score.ts';
import { launchChromium, type Browser } from '../e2e/browser.ts';
import { startSoundPage, type PageServer } from './page-server.ts';
import type { RenderRequest, RenderResult, ScheduleRequest } from './page/main.ts';

const demo = compileFolder('installations/upcycling-rite').installation as Installation;
const SAMPLE_RATE = 44100;
/** One render quantum of Web Audio: the tolerance on where a note starts. */
const QUANTUM = 128;
/** The FM voice's release (instruments.ts) and a margin: a note is isolated if the voice is silent before it. */
const RING_OUT = 1.2 + 0.4;

let server: PageServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startSoundPage();
  browser = await launchChromium({ width: 480, height: 270 });
  page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 150_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const render = (kind: 'renderTone' | 'renderBare', req: RenderRequest): Promise<RenderResult> =>
  page.evaluate(([k, r]) => window.soundTest[k](r), [kind, req] as const);

/** Renders take a few seconds on a quiet machine and much longer on a loaded CI runner: no timing is asserted. */
const RENDER_TIMEOUT = 180_000;

const logOf = (...items: [number, EventBody][]): ShowEvent[] => items.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);

describe('sound in Chromium (Tone.Offline through the real adapter)', () => {
  it(
    'renders 10 s of the demo across the glitch: audible, never above full scale, every note scheduled',
    async () => {
      const events = logOf(
        [80, { type: 'story', id: 'story-test-1', text: 'I remember the rain.', emotion: 'grief', material: 'pfas-raincoat', lang: 'en', consent: true }],
        [86, { type: 'story-approved', id: 'story-test-1' }],
        [88, { type: 'reaction', kind: 'heart', material: 'lead-paint-door' }],
      );
      const t0 = 84;
      const result = await render('renderTone', { installation: demo, events, t0, seconds: 10, sampleRate: SAMPLE_RATE });
      expect(result.frames).toBe(10 * SAMPLE_RATE);
      // -40 dBFS RMS at least: clearly sounding, not a whisper of denormals.
      expect(result.rms).toBeGreaterThan(0.01);
      expect(result.peak).toBeLessThanOrEqual(1);
      expect(result.peak).toBeGreaterThan(0.05);
      const inRender = scoreBetween(demo, events, t0, t0 + 10);
      expect(inRender.some((n) => n.source === 'story')).toBe(true);
      expect(inRender.some((n) => n.glitch > 0.5)).toBe(true);
      // The scheduler's windows run 0.3 s past the end of the render.
      expect(result.notes).toBeGreaterThanOrEqual(inRender.length);
      expect(result.notes).toBeLessThanOrEqual(scoreBetween(demo, events, t0, t0 + 10.4).length);
    },
    RENDER_TIMEOUT,
  );

  it(
    'starts notes where the score puts them, within one render quantum',
    async () => {
      // An isolated voice, dry: onsets are measured where the voice is silent before a note (its previous note
      // and release are over). Of the gathering's 10 s stretches, the one with the most such notes is used.
      const seconds = 10;
      let best: { t0: number; voice: string; notes: ScoreNote[] } = { t0: 0, voice: '', notes: [] };
      for (let t0 = 0; t0 <= 75; t0 += 5) {
        // Notes from before the stretch too, so a note ringing into it counts against isolation.
        const isolatedBy = new Map<string, ScoreNote[]>();
        const lastEnd = new Map<string, number>();
        for (const n of scoreBetween(demo, [], Math.max(0, t0 - 5), t0 + seconds)) {
          const end = lastEnd.get(n.voice) ?? -Infinity;
          if (n.t > t0 + 0.05 && n.t < t0 + seconds - 0.1 && n.t > end + RING_OUT) isolatedBy.set(n.voice, [...(isolatedBy.get(n.voice) ?? []), n]);
          lastEnd.set(n.voice, Math.max(end, n.t + n.duration));
        }
        for (const [voice, notes] of isolatedBy) if (notes.length > best.notes.length) best = { t0, voice, notes };
      }
      const { t0, voice, notes: isolated } = best;
      expect(isolated.length).toBeGreaterThanOrEqual(3);
      const result = await render('renderTone', {
        installation: demo,
        events: [],
        t0,
        seconds,
        sampleRate: SAMPLE_RATE,
        solo: voice,
        dry: true,
        onsets: isolated.map((n) => n.t),
      });
      for (const o of result.onsets) {
        expect(o.found, `onset expected at frame ${o.expected}`).toBeGreaterThanOrEqual(0);
        expect(Math.abs(o.found - o.expected), `onset expected at frame ${o.expected}, found at ${o.found}`).toBeLessThanOrEqual(QUANTUM);
      }
    },
    RENDER_TIMEOUT,
  );

  it(
    'real Tone synths never refuse a start: generated bursts of simultaneous, out-of-order and past notes on small pools',
    async () => {
      // One of each kind of Tone source the presets use (Synth with an FM oscillator, PluckSynth's noise,
      // MetalSynth's oscillators, NoiseSynth). Before the allocator (voice-allocator.ts), a synth taken over for a note at the same instant as its
      // last one threw "Start time must be strictly greater than previous start time".
      const op = fc.record({
        at: fc.oneof(fc.constant(0), fc.constant(0.05), fc.double({ min: -0.3, max: 0.4, noNaN: true })),
        duration: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        midi: fc.integer({ min: 36, max: 84 }),
        pauseMs: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 15 }) }),
      });
      let triggers = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(op, { minLength: 2, maxLength: 40 }), async (polyphony, ops) => {
          const req: ScheduleRequest = { instruments: ['fm', 'pluck', 'metal', 'noise'], polyphony, ops };
          const result = await page.evaluate((r) => window.soundTest.playSchedule(r), req);
          triggers += result.triggers;
          expect(result.errors).toEqual([]);
        }),
        { numRuns: 15 },
      );
      console.log(`real Tone pools: ${triggers} triggers over 15 generated schedules, none refused`);
    },
    RENDER_TIMEOUT,
  );

  it(
    'SoundGate: a hint that lets every tap through until a gesture, then an indicator that mutes; nothing on a wall',
    async () => {
      // This Chromium lets pages start audio without a gesture (the launcher's flag); a suspended context is
      // what a visitor's browser gives a page before its first tap.
      await page.evaluate(() => window.soundTest.suspendAudio());
      await page.evaluate((inst) => window.soundTest.mountGate(inst, { kind: 'desktop' }, 10), demo);
      const hint = page.getByRole('status').filter({ hasText: 'Tap anywhere for sound' });
      await hint.waitFor();
      expect(await hint.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
      expect((await page.evaluate(() => window.soundTest.audioState())).context).not.toBe('running');
      expect(await page.evaluate(() => window.soundTest.gateStats())).toMatchObject({ soundOn: false, soundBlocked: true });
      // A tap anywhere, on the hint too, goes to what is under it and unlocks the sound on its way.
      const box = await hint.boundingBox();
      await page.mouse.click((box?.x ?? 0) + 5, (box?.y ?? 0) + 5);
      const pill = page.getByRole('button', { name: /Sound is on/ });
      await pill.waitFor();
      expect(await page.evaluate(() => window.soundTest.audioState())).toEqual({ context: 'running', muted: false });
      expect(await page.evaluate(() => window.soundTest.gateStats())).toMatchObject({ soundOn: true, soundBlocked: false });
      // While sound runs, the listener follows the camera: at (1, 1.6, 7), turned to face -X.
      const pose = await page.evaluate(() => window.soundTest.moveListener([0, 0, -1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1.6, 7, 1]));
      expect(pose.map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([1, 1.6, 7, -1, 0, 0]);
      await pill.click();
      await page.getByRole('button', { name: /muted/ }).waitFor();
      expect((await page.evaluate(() => window.soundTest.audioState())).muted).toBe(true);
      // The south wall plays no sound in the demo (only north does): nothing is shown there.
      await page.evaluate((inst) => window.soundTest.mountGate(inst, { kind: 'wall', id: 'south' }, 10, false), demo);
      await page.waitForFunction(() => document.getElementById('root')?.childElementCount === 0);
      // The north wall plays it; blocked, it still shows nothing on the projection and tells the operator.
      await page.evaluate(() => window.soundTest.suspendAudio());
      await page.evaluate((inst) => window.soundTest.mountGate(inst, { kind: 'wall', id: 'north' }, 10, false), demo);
      await expect.poll(() => page.evaluate(() => window.soundTest.gateStats())).toMatchObject({ soundOn: false, soundBlocked: true });
      expect(await page.evaluate(() => document.getElementById('root')?.childElementCount)).toBe(0);
    },
    RENDER_TIMEOUT,
  );
});
