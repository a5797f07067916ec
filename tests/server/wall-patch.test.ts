import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createHttpServer, listen } from '../../server/http.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { OperatorGuard } from '../../server/operator-guard.ts';
import type { Server } from 'node:http';

const TOKEN = 'operator-secret-1';
let dir: string;
let server: Server;
let base: string;

function post(path: string, body: unknown, token = TOKEN): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const file = () => readFileSync(join(dir, 'installation.yaml'), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-wall-patch-'));
  const installation = compileFolder('installations/upcycling-rite').installation;
  if (!installation) throw new Error('the demo does not compile');
  server = createHttpServer({
    distDir: dir,
    installationDir: dir,
    snapshot: () => ({ installation, events: [], serverTime: 0 }),
    wallPatch: { installationDir: dir, guard: OperatorGuard.forToken(TOKEN) },
  });
  const address: AddressInfo = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => cpSync('installations/upcycling-rite', dir, { recursive: true }));

describe('POST /api/walls/<id>', () => {
  const warp = [
    [0.02, 0.01],
    [0.97, 0.03],
    [0.99, 0.98],
    [0.01, 0.96],
  ];
  const blend = { left: 0, right: 0.12, top: 0, bottom: 0, gamma: 2.4 };

  it('writes warp, blend and tile into the wall, keeping every comment, and the file still compiles', async () => {
    const before = file();
    const res = await post('/api/walls/north', { warp, blend, tile: { fullSize: [3840, 1080], offset: [0, 0, 1920, 1080] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, file: 'installation.yaml', wall: 'north' });
    const after = file();
    for (const comment of before.split('\n').filter((l) => l.trim().startsWith('#'))) expect(after).toContain(comment);
    const spec = parse(after) as { displays: { walls: Record<string, Record<string, unknown>> } };
    expect(spec.displays.walls.north?.warp).toEqual(warp);
    expect(spec.displays.walls.north?.blend).toEqual(blend);
    expect(spec.displays.walls.north?.tile).toEqual({ fullSize: [3840, 1080], offset: [0, 0, 1920, 1080] });
    expect(spec.displays.walls.south).toEqual(parse(before).displays.walls.south);
    // Only the wall's lines changed: everything before it is byte for byte what it was.
    const at = before.indexOf('    north:');
    expect(after.slice(0, at)).toBe(before.slice(0, at));
    expect(after).toContain('      warp: [[0.02, 0.01], [0.97, 0.03], [0.99, 0.98], [0.01, 0.96]]\n');
    // A second calibration replaces the values rather than adding keys.
    expect(
      (
        await post('/api/walls/north', {
          warp: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        })
      ).status,
    ).toBe(200);
    expect(file().match(/warp:/g)).toHaveLength(1);
    expect((parse(file()) as typeof spec).displays.walls.north?.warp).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    const compiled = compileFolder(dir);
    expect(compiled.installation?.spec.displays.walls.north?.blend?.right).toBe(0.12);
  });

  it('refuses a missing or wrong token and changes nothing', async () => {
    const before = file();
    for (const token of ['', 'wrong', `${TOKEN}x`]) {
      const res = await post('/api/walls/north', { warp }, token); // '' sends no Authorization header
      expect(res.status).toBe(401);
      expect((await res.json()).hint).toMatch(/Authorization: Bearer/);
    }
    expect(file()).toBe(before);
  });

  it('answers clear errors for bad bodies and unknown walls, and changes nothing', async () => {
    const before = file();
    const cases: [unknown, number, RegExp][] = [
      ['{not json', 400, /not JSON/],
      [{}, 400, /nothing to change/],
      [
        {
          warp: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        },
        400,
        /warp/,
      ],
      [{ blend: { left: 0.9 } }, 400, /blend\.left/],
      [{ warp, extra: 1 }, 400, /extra|unrecognized/i],
    ];
    for (const [body, status, message] of cases) {
      const res = await post('/api/walls/north', body);
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(message);
    }
    const unknown = await post('/api/walls/west', { warp });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/no wall "west"/);
    const badId = await post('/api/walls/..%2Fnorth', { warp });
    expect(badId.status).toBe(400);
    const get = await fetch(`${base}/api/walls/north`);
    expect(get.status).toBe(405);
    expect(file()).toBe(before);
  });

  it('says calibration is off on a server without an operator token', async () => {
    const installation = compileFolder(dir).installation;
    if (!installation) throw new Error('no installation');
    const plain = createHttpServer({ distDir: dir, installationDir: dir, snapshot: () => ({ installation, events: [], serverTime: 0 }) });
    const address: AddressInfo = await listen(plain, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${address.port}/api/walls/north`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
    } finally {
      await new Promise<void>((done) => plain.close(() => done()));
    }
  });
});
