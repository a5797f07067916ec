import { performance } from 'node:perf_hooks';
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.ts';
import { liveSource, type LiveSource } from '../../src/net/live-source.ts';
import { showAt } from '../../src/core/show.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { clientId, connect, editYaml, hello, TOKEN, until, type Client, showForFile } from './show-server.ts';

const show = showForFile(undefined, { watch: true });
let viewer: LiveSource;
let op: Client;
const errors: (readonly Diagnostic[])[] = [];

beforeAll(async () => {
  viewer = liveSource({ url: show.server.url, clientId: clientId('edit-wall') });
  await viewer.ready();
  op = connect(show.server.url);
  op.on('installation:errors', (d) => errors.push(d));
  expect(await hello(op, { role: 'operator', token: TOKEN })).toMatchObject({ ok: true });
  await until(() => errors.length > 0); // the welcome's (empty) list
});
afterAll(async () => {
  viewer.close();
  op.disconnect();
});

const titleNow = () => showAt(viewer.installation(), viewer.log(), viewer.now()).installation.spec.title;

describe('live editing', () => {
  it('a valid edit reaches a viewer as an installation event (the delay is printed)', async () => {
    const figures: number[] = [];
    const compiles: number[] = [];
    for (let i = 1; i <= 5; i++) {
      // The compile alone, for context: on a busy machine it is most of the delay.
      const c0 = performance.now();
      compileFolder(show.dir);
      compiles.push(performance.now() - c0);
      const start = performance.now();
      editYaml(show.dir, (y) => y.replace(/^title: .*$/m, `title: The Upcycling Rite, take ${i}`));
      await until(() => titleNow() === `The Upcycling Rite, take ${i}`, 10_000);
      figures.push(performance.now() - start);
    }
    figures.sort((a, b) => a - b);
    compiles.sort((a, b) => a - b);
    console.log(
      `live edit: file written -> viewer plays it: median ${figures[2]?.toFixed(1)} ms, max ${figures[4]?.toFixed(1)} ms (5 edits, 50 ms debounce included); compiling the folder alone: median ${compiles[2]?.toFixed(1)} ms`,
    );
    // Generous: this is not a performance test (the goal, 200 ms, is read from the figure printed above).
    expect(figures[2]).toBeLessThan(5000);
    expect(viewer.log().installations.length).toBeGreaterThanOrEqual(6);
  });

  it('an editor that saves by rename is seen too', async () => {
    const file = join(show.dir, 'installation.yaml');
    writeFileSync(`${file}.tmp`, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Saved by rename'));
    renameSync(`${file}.tmp`, file);
    await until(() => titleNow() === 'Saved by rename', 3000);
  });

  it('a broken edit changes nothing on screen and sends its errors (file:line:col) to the operator; fixing it clears them', async () => {
    const seq = viewer.log().lastSeq;
    const before = errors.length;
    editYaml(show.dir, (y) => y.replace('tempo: 66', 'tempo: fast'));
    await until(() => errors.length > before, 3000);
    const reported = errors.at(-1) ?? [];
    expect(reported.length).toBeGreaterThan(0);
    expect(reported[0]).toMatchObject({ file: 'installation.yaml', path: 'sound.tempo', line: expect.any(Number), column: expect.any(Number) });
    expect(reported[0]?.line).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(viewer.log().lastSeq).toBe(seq);
    expect(titleNow()).toBe('Saved by rename');
    editYaml(show.dir, (y) => y.replace('tempo: fast', 'tempo: 70'));
    await until(() => errors.at(-1)?.length === 0, 3000);
    await until(() => viewer.log().lastSeq === seq + 1, 3000);
    expect(showAt(viewer.installation(), viewer.log(), viewer.now()).installation.spec.sound?.tempo).toBe(70);
  });
});
