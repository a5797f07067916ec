import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filmFrames, renderFilm } from '../../server/film.ts';
import { renderFrames } from '../../server/render.ts';
import { createArchive, type Archive } from '../../src/core/archive.ts';
import { scoreBetween } from '../../src/core/score/score.ts';
import { onsetNear } from '../audio/analysis.ts';
import { compare, decodePng, keepArtifact } from './png.ts';
import { demoInstallation, demoStories } from './display-server.ts';

/**
 * `meshwork film` of a 20 s span of a show with stories (demoStories: all on display by 95 s), at a small
 * size and a low frame rate (the machine has two cores and no GPU): the frame count is right, frames at a
 * few k are the `render` stills of their t, the sound track has the score's onsets, and a second run gives
 * the same frames.
 */
const FROM = 80;
const TO = 100;
const FPS = 2;
const W = 160;
const H = 90;
const SAMPLE_RATE = 48_000;

let archive: Archive;
let dir: string;
const runs: { out: string; frames: string }[] = [];

function ffprobeFrames(file: string, stream: 'v' | 'a'): number {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', `${stream}:0`, '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

beforeAll(async () => {
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  archive = createArchive(installation, events, 120);
  dir = mkdtempSync(join(tmpdir(), 'meshwork-film-test-'));
  for (const name of ['a', 'b']) {
    const run = { out: join(dir, `${name}.webm`), frames: join(dir, `${name}-frames`) };
    await renderFilm({ archive, from: FROM, to: TO, fps: FPS, width: W, height: H, out: run.out, keepFrames: run.frames, sampleRate: SAMPLE_RATE });
    runs.push(run);
  }
}, 1_500_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('meshwork film', () => {
  it('has one frame per 1/fps of the span, and a sound track as long', () => {
    const run = runs[0] as (typeof runs)[number];
    expect(filmFrames(FROM, TO, FPS)).toBe(40);
    expect(ffprobeFrames(run.out, 'v')).toBe(40);
    expect(readdirSync(run.frames)).toHaveLength(40);
    const duration = Number(
      execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'format=duration', '-of', 'csv=p=0', run.out], {
        encoding: 'utf8',
      }).trim(),
    );
    expect(duration).toBeGreaterThan(19.9);
    expect(duration).toBeLessThan(20.2);
  });

  it('frames at a few k are the `render` stills of t = from + k / fps', async () => {
    const run = runs[0] as (typeof runs)[number];
    const ks = [0, 17, 31];
    const stills = await renderFrames(
      { archive, width: W, height: H },
      ks.map((k) => ({ t: FROM + k / FPS, out: join(dir, `still-${k}.png`) })),
    );
    for (const [i, k] of ks.entries()) {
      const frame = readFileSync(join(run.frames, `frame-${String(k).padStart(6, '0')}.png`));
      const still = readFileSync((stills[i] as { file: string }).file);
      if (i === 2) keepArtifact('film-frame-31', frame);
      const diff = compare(decodePng(frame), decodePng(still));
      expect(diff.maxDiff, `frame ${k}: ${diff.differing} pixels differ`).toBeLessThanOrEqual(1);
    }
    // And the encoded video holds those pictures (VP9 is lossy: close, not equal).
    const decoded = execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      run.out,
      '-vf',
      `select=eq(n\\,${ks[1]})`,
      '-vframes',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      '-',
    ]);
    const loss = compare(decodePng(decoded), decodePng(readFileSync((stills[1] as { file: string }).file)));
    expect(loss.meanDiff).toBeLessThan(12);
  }, 600_000);

  it("its sound track has the score's onsets", () => {
    const run = runs[0] as (typeof runs)[number];
    const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', run.out, '-map', '0:a', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', '-'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const samples = new Float32Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 4));
    // The full mix (reverb, echo, voices overlapping) is dense: of the notes that start at least 0.1 s after
    // the one before, a rise must be found where the score puts them far more often than at times shifted
    // off the grid by 0.173 s (a track of noise, or one out of time, finds as many either way).
    const notes = scoreBetween(archive.installation, archive.events, FROM + 0.5, TO - 0.5);
    const spaced = notes.filter((n, i) => i > 0 && n.t - (notes[i - 1] as { t: number }).t > 0.1);
    const hits = (shift: number) => spaced.filter((n) => onsetNear(samples, Math.round((n.t + shift - FROM) * SAMPLE_RATE), { ratio: 2 }) >= 0).length;
    const onTime = hits(0);
    const offGrid = hits(0.173);
    console.log(
      `film sound: rises at ${onTime} of ${spaced.length} spaced score onsets, ${offGrid} at times shifted off the grid (${notes.length} notes in the span)`,
    );
    expect(spaced.length).toBeGreaterThan(20);
    expect(onTime).toBeGreaterThanOrEqual(10);
    expect(onTime).toBeGreaterThanOrEqual(5 * (offGrid + 1));
    // And silence where the score has none is not what was found: the track is not noise.
    expect(Math.max(...samples.slice(0, SAMPLE_RATE).map(Math.abs))).toBeGreaterThan(0.001);
  });

  it('two runs give the same frames', () => {
    const [a, b] = runs as [(typeof runs)[number], (typeof runs)[number]];
    const hashes = (d: string) =>
      readdirSync(d).map((f) =>
        createHash('sha256')
          .update(readFileSync(join(d, f)))
          .digest('hex'),
      );
    expect(hashes(b.frames)).toEqual(hashes(a.frames));
  });
});
