import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createArchive } from '../../src/core/archive.ts';
import type { WallSpec } from '../../src/core/schema/displays.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { renderCommand } from '../../server/render-command.ts';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { colourCount, decodePng, keepArtifact, litFraction } from './png.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'meshwork-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `meshwork render ...` as a user would; resolves with the exit code and output. */
async function meshwork(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['server/bin/meshwork.mjs', 'render', ...args], { timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run render', () => {
  it('writes a PNG of the demo at t=95 on the north wall', async () => {
    await ensureClientBuilt();
    const out = join(dir, 'frame.png');
    const r = await meshwork('installations/upcycling-rite', '--t', '95', '--out', out, '--display', 'north', '--width', '320', '--height', '180');
    expect(r.stderr + r.stdout).toMatch(/wrote .*frame\.png/);
    expect(r.code).toBe(0);
    const png = readFileSync(out);
    keepArtifact('render-north-t95', png);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([320, 180]);
    expect(litFraction(img)).toBeGreaterThan(0.05);
    expect(colourCount(img)).toBeGreaterThan(100);

    // The same show as an archive file renders alone (no folder) and gives the same frame.
    const compiled = compileFolder('installations/upcycling-rite');
    if (!compiled.installation) throw new Error('the demo does not compile');
    const archiveFile = join(dir, 'rite-archive.json');
    writeFileSync(
      archiveFile,
      JSON.stringify(createArchive(compiled.installation, [{ type: 'installation', installation: compiled.installation, seq: 1, t: 0 }], 600)),
    );
    const fromArchive = join(dir, 'archive-frame.png');
    const a = await meshwork(archiveFile, '--t', '95', '--out', fromArchive, '--display', 'north', '--width', '320', '--height', '180');
    expect(a.stderr + a.stdout).toMatch(/wrote .*archive-frame\.png/);
    const other = decodePng(readFileSync(fromArchive));
    let maxDiff = 0;
    for (let i = 0; i < img.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs((img.data[i] as number) - (other.data[i] as number)));
    expect(maxDiff).toBeLessThanOrEqual(1);
  }, 300_000);

  it('explains a bad folder, t, display id or output name, without opening a browser', async () => {
    const out = join(dir, 'x.png');
    const damaged = join(dir, 'damaged.json');
    const compiled = compileFolder('installations/upcycling-rite');
    if (!compiled.installation) throw new Error('the demo does not compile');
    writeFileSync(damaged, JSON.stringify(createArchive(compiled.installation, [], 1)).replace('"title":"', '"title":"X'));
    const brokenWall = join(dir, 'broken-wall.json');
    const frustum: NonNullable<WallSpec['frustum']> = { eye: [0, 1, 0], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [-2, 2, 0] };
    const walls = { ...compiled.installation.spec.displays.walls, north: { sound: false, frustum } };
    writeFileSync(
      brokenWall,
      JSON.stringify(
        createArchive(
          { ...compiled.installation, spec: { ...compiled.installation.spec, displays: { ...compiled.installation.spec.displays, walls } } },
          [],
          1,
        ),
      ),
    );
    const foreign = join(dir, 'package.json');
    writeFileSync(foreign, '{"name":"not-an-archive"}');
    const cases: [string[], RegExp][] = [
      [['installations/no-such-show', '--t', '1', '--out', out], /no such installation folder/],
      [['installations/upcycling-rite', '--t', 'soon', '--out', out], /--t must be a number of seconds/],
      [['installations/upcycling-rite', '--t', '1', '--out', out, '--display', 'west'], /no wall "west".*north, south/],
      [['installations/upcycling-rite', '--t', '1', '--out', join(dir, 'x.jpg')], /\.png/],
      [['installations/upcycling-rite', '--out', out], /--t is required/],
      [['installations/upcycling-rite', '--t', '1', '--out', out, '--width', '0'], /--width must be a whole number/],
      [[damaged, '--t', '1', '--out', out], /is damaged: its content does not match/],
      [[foreign, '--t', '1', '--out', out], /not a Meshwork archive/],
      [
        [brokenWall, '--t', '1', '--out', out, '--display', 'north'],
        /wall "north" cannot show anything: the eye is in the plane of the screen.*displays\.walls\.north\.frustum\.eye/,
      ],
      [['installations/upcycling-rite', '--t', '1', '--out', out, '--events', foreign], /a JSON array of show events .* or an archive/],
    ];
    // The command's own function, in this process: the same code as the CLI without a node start per case.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const [args, message] of cases) {
        printed.mockClear();
        expect(await renderCommand(args), args.join(' ')).toBe(1);
        expect(printed.mock.calls.map((c) => c.join(' ')).join('\n')).toMatch(message);
      }
    } finally {
      printed.mockRestore();
    }
  }, 60_000);
});
