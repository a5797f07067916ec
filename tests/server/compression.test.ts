import fc from 'fast-check';
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../server/compression.ts';
import { launchChromium, type Browser } from '../e2e/browser.ts';
import { demoStories, serveShow, waitReady, type ShowServer } from '../e2e/display-server.ts';

/** A raw GET (no automatic decompression): status, headers and the bytes as they crossed the network. */
function rawGet(url: string, acceptEncoding?: string): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('Accept-Encoding', () => {
  it('never throws, and gives br before gzip unless one is refused with q=0', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const got = acceptedEncodings({ headers: { 'accept-encoding': header } });
        expect(got.every((e) => e === 'br' || e === 'gzip')).toBe(true);
      }),
      { numRuns: 2000 },
    );
    const of = (h: string) => acceptedEncodings({ headers: { 'accept-encoding': h } });
    expect(of('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(of('br;q=0, gzip;q=0.5')).toEqual(['gzip']);
    expect(of('*')).toEqual(['br', 'gzip']);
    expect(of('identity')).toEqual([]);
    expect(acceptedEncodings({ headers: {} })).toEqual([]);
  });
});

describe('what a screen downloads', () => {
  let show: ShowServer;
  let browser: Browser;
  beforeAll(async () => {
    show = await serveShow({ events: demoStories(), serverTime: 95 });
    browser = await launchChromium({ width: 480, height: 270 });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await show?.close();
  });

  it('comes compressed, and decompresses to exactly the file', async () => {
    const rows: string[] = [];
    for (const [name, path, ready] of [
      ['desktop / headset', '/?t=95', true],
      ['wall north', '/?display=north&t=95', true],
      ['phone', '/join', false],
      ['console', '/operator', false],
    ] as const) {
      const page = await browser.context.newPage();
      // The page gives the list of what it loads; the sizes are asked again as Chromium asks (the browser's
      // cache would hide what a second page shares with the first).
      const urls = new Set<string>();
      page.on('request', (r) => void urls.add(r.url()));
      await page.goto(`${show.url}${path}`);
      if (ready) await waitReady(page);
      else await page.waitForLoadState('networkidle');
      await page.close();
      let encoded = 0;
      let plain = 0;
      for (const url of urls) {
        if (!url.startsWith(show.url) || url.includes('/api/')) continue;
        const identity = await rawGet(url);
        encoded += (await rawGet(url, 'gzip, deflate, br, zstd')).body.length;
        plain += identity.body.length;
        const br = await rawGet(url, 'br');
        if (br.encoding === 'br') expect(brotliDecompressSync(br.body).equals(identity.body), url).toBe(true);
        const gz = await rawGet(url, 'gzip');
        if (gz.encoding === 'gzip') expect(gunzipSync(gz.body).equals(identity.body), url).toBe(true);
      }
      rows.push(
        `${name.padEnd(18)} ${(plain / 1e6).toFixed(2).padStart(6)} MB -> ${(encoded / 1e6).toFixed(2).padStart(6)} MB (${((100 * encoded) / plain).toFixed(0)}%)`,
      );
      expect(encoded, name).toBeLessThan(plain * 0.5);
    }
    console.log(`what each page loads, uncompressed -> as sent to Chromium:\n${rows.join('\n')}`);
    // The snapshot, compressed on the way out.
    const snapshot = await rawGet(`${show.url}/api/show`, 'gzip');
    const plainSnapshot = await rawGet(`${show.url}/api/show`);
    expect(snapshot.encoding).toBe('gzip');
    expect(gunzipSync(snapshot.body).equals(plainSnapshot.body)).toBe(true);
    expect(snapshot.body.length).toBeLessThan(plainSnapshot.body.length * 0.5);
  }, 300_000);
});
