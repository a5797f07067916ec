import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { demoCopy, hello, operator, removeDir, startTestServer, until, type Client } from './show-server.ts';
import type { ClientInfo } from '../../src/net/protocol.ts';

const dir = demoCopy();
afterAll(() => removeDir(dir));

/** The addresses the server counts four phones under, each claiming its own in X-Forwarded-For. */
async function addressesSeen(trustProxy: boolean): Promise<string[]> {
  const server = await startTestServer(dir, { watch: false, trustProxy, dataDir: `${dir}/data-${trustProxy}` });
  const phones: Client[] = [];
  try {
    const op = await operator(server.url);
    phones.push(op.socket);
    let list: readonly ClientInfo[] = [];
    op.socket.on('clients', (l) => (list = l));
    for (let p = 0; p < 4; p++) {
      const phone: Client = io(server.url, {
        forceNew: true,
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { 'X-Forwarded-For': `10.0.0.${p + 1}, 172.16.0.1` },
      });
      phones.push(phone);
      expect(await hello(phone, { role: 'audience' })).toMatchObject({ ok: true });
    }
    await until(() => list.filter((c) => c.role === 'audience').length === 4);
    return list
      .filter((c) => c.role === 'audience')
      .map((c) => c.address)
      .sort();
  } finally {
    for (const s of phones) s.disconnect();
    await server.close();
  }
}

describe('behind a reverse proxy', () => {
  it('counts limits per forwarded address only when told to trust the proxy', async () => {
    expect(await addressesSeen(true)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    // Not trusted: the header is ignored (anyone can send it), all four count as the peer they are.
    expect(await addressesSeen(false)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });
});
