import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { clientId, demoCopy, hello, removeDir, startTestServer, story, type Client } from './show-server.ts';

const dir = demoCopy();
afterAll(() => removeDir(dir));

/** Four phones, each claiming its own address in X-Forwarded-For, send three stories each. */
async function storiesAccepted(trustProxy: boolean): Promise<number> {
  const server = await startTestServer(dir, { watch: false, trustProxy, dataDir: `${dir}/data-${trustProxy}` });
  const phones: Client[] = [];
  try {
    let ok = 0;
    for (let p = 0; p < 4; p++) {
      const phone: Client = io(server.url, { forceNew: true, transports: ['websocket'], reconnection: false, extraHeaders: { 'X-Forwarded-For': `10.0.0.${p + 1}, 172.16.0.1` } });
      phones.push(phone);
      expect(await hello(phone, { role: 'audience' })).toMatchObject({ ok: true });
      for (let i = 0; i < 3; i++) {
        const r = await phone.timeout(5000).emitWithAck('story:submit', story(`proxy-${clientId()}`, `phone ${p} story ${i}`));
        if (r.ok) ok++;
      }
    }
    return ok;
  } finally {
    for (const s of phones) s.disconnect();
    await server.close();
  }
}

describe('behind a reverse proxy', () => {
  it('counts limits per forwarded address only when told to trust the proxy', async () => {
    expect(await storiesAccepted(true)).toBe(12);
    // Not trusted: the header is ignored, all four share 127.0.0.1 and its allowance of 9 (plus what
    // refills while the test runs: 0.15 a second).
    const shared = await storiesAccepted(false);
    expect(shared).toBeGreaterThanOrEqual(9);
    expect(shared).toBeLessThan(12);
  });
});
