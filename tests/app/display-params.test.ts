import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WALL_ID } from '../../src/core/ids.ts';
import { displayEnglish } from '../../src/app/display/strings.ts';
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
  it('explains a bad t or wall id with a code of the page catalogue, in English from it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('', ' ', 'abc', 'Infinity', '-Infinity', 'NaN', '1e999', '12s'), fc.string({ maxLength: 60 })).filter((v) => {
          const n = v.trim() === '' ? Number.NaN : Number(v);
          return !Number.isFinite(n);
        }),
        (value) => {
          const r = parseDisplayParams(`?${new URLSearchParams({ t: value })}`);
          expect(r).toEqual({ ok: false, error: { code: 'url.not-a-time', params: { value: value.slice(0, 40) } } });
          if (!r.ok)
            expect(displayEnglish(r.error.code, r.error.params)).toBe(`?t=${value.slice(0, 40)} is not a time: give seconds on the show clock, e.g. ?t=95`);
        },
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 60 }).filter((v) => !WALL_ID.test(v)),
        (value) => {
          const r = parseDisplayParams(`?${new URLSearchParams({ t: '3', display: value })}`);
          expect(r).toEqual({ ok: false, error: { code: 'url.not-a-wall-id', params: { value: value.slice(0, 40) } } });
          if (!r.ok)
            expect(displayEnglish(r.error.code, r.error.params)).toMatch(
              /is not a wall id: ids are lowercase letters, digits and "-", e\.g\. \?display=north$/,
            );
        },
      ),
      { numRuns: 100 },
    );
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
