import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/app/display/open-source.ts';
import { parseDisplayParams } from '../../src/app/display/params.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { createHttpServer, listen } from '../../server/http.ts';

describe("the display page's address", () => {
  it('reads t, display, calibrate and token', () => {
    expect(parseDisplayParams('')).toEqual({ ok: true, params: { calibrate: false } });
    expect(parseDisplayParams('?t=95.5&display=north&calibrate&token=abc')).toEqual({
      ok: true,
      params: { t: 95.5, display: 'north', calibrate: true, token: 'abc' },
    });
    expect(parseDisplayParams('?t=-3')).toEqual({ ok: true, params: { t: -3, calibrate: false } });
  });
  it('explains a bad t or wall id', () => {
    for (const q of ['?t=', '?t=abc', '?t=Infinity']) {
      const r = parseDisplayParams(q);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/seconds on the show clock/);
    }
    const bad = parseDisplayParams('?display=North Wall');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/lowercase/);
  });
});

describe('openSource', () => {
  const compiled = compileFolder('installations/upcycling-rite').installation;
  if (!compiled) throw new Error('the demo does not compile');
  const installation = compiled;

  async function withServer<T>(fn: (fetchFn: typeof fetch) => Promise<T>): Promise<T> {
    const server = createHttpServer({ distDir: '.', installationDir: '.', snapshot: () => ({ installation, events: [], serverTime: 120 }) });
    const { port }: AddressInfo = await listen(server, 0, '127.0.0.1');
    // The page fetches '/api/show' relative to itself; in Node the same request goes to the test server.
    const fetchFn: typeof fetch = (input, init) => fetch(`http://127.0.0.1:${port}${String(input)}`, init);
    try {
      return await fn(fetchFn);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  }

  it('freezes at ?t and does not advance', async () => {
    const source = await withServer((f) => openSource({ t: 95, calibrate: false }, { fetch: f }));
    expect(source.frozen).toBe(true);
    expect(source.now()).toBe(95);
    expect(source.installation().version).toBe(installation.version);
  });

  it("otherwise runs a clock from the server's time", async () => {
    let ms = 1000;
    const source = await withServer((f) => openSource({ calibrate: false }, { fetch: f, clockMs: () => ms }));
    expect(source.frozen).toBe(false);
    expect(source.now()).toBe(120);
    ms += 2500;
    expect(source.now()).toBe(122.5);
  });

  it('says when the server is not there or answers something else', async () => {
    const dead: typeof fetch = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(openSource({ calibrate: false }, { fetch: dead })).rejects.toThrow(/cannot reach the Meshwork server/);
    const other = createServer((_req, res) => res.end('{"hello":1}'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const { port } = other.address() as AddressInfo;
    try {
      await expect(openSource({ calibrate: false }, { fetch: (i, init) => fetch(`http://127.0.0.1:${port}${String(i)}`, init) })).rejects.toThrow(
        /did not answer a show snapshot/,
      );
    } finally {
      other.close();
    }
  });
});
