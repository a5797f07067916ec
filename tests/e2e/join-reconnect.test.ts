import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { PROJECT_ROOT, ensureClientBuilt } from '../../server/build-client.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import type { ClientToServerEvents, Reply, ServerToClientEvents, Welcome } from '../../src/net/protocol.ts';
import { launchChromium, type Browser } from './browser.ts';
import en from '../../src/app/join/catalogue/en.ts';

/**
 * A private event and a dropped connection, in a real Chromium: the phone asks for the join code, and a
 * story sent while the server is down waits on the phone and arrives exactly once when it is back.
 */
const TOKEN = 'e2e-operator-token';
const CODE = 'rite-2026';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

let dir: string;
let browser: Browser;
let server: RunningServer | undefined;
let port = 0;

const start = async () => {
  server = await startServer({
    installationDir: join(dir, 'show'),
    dataDir: join(dir, 'data'),
    port,
    host: '127.0.0.1',
    operatorToken: TOKEN,
    quiet: true,
    watch: false,
  });
  port = server.port;
  return server;
};

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'meshwork-private-'));
  cpSync(join(PROJECT_ROOT, 'installations/upcycling-rite'), join(dir, 'show'), { recursive: true, filter: (s) => !s.includes('.meshwork') });
  const yaml = join(dir, 'show', 'installation.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('audience:\n  moderation: before', `audience:\n  moderation: before\n  joinCode: ${CODE}`));
  await start();
  browser = await launchChromium({ width: 360, height: 640 });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a private event with a dropped connection', () => {
  it('asks for the join code, says when it is wrong, and joins with the right one', async () => {
    const phone = browser.context.pages()[0] ?? (await browser.context.newPage());
    await phone.goto(`http://127.0.0.1:${port}/join`);
    await phone.getByRole('heading', { name: 'This event needs a join code' }).waitFor();
    await expect(phone.locator('#connection').textContent()).resolves.toBe('Join code needed');
    await phone.getByLabel(/Join code/).fill('wrong-code');
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByText(en.codeWrong).waitFor();
    await phone.screenshot({ path: join(ARTIFACTS, 'join-code.png') });
    await phone.getByLabel(/Join code/).fill(CODE.toUpperCase());
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByText('Connected', { exact: true }).waitFor();
    expect(await phone.locator('#code-panel').isHidden()).toBe(true);
  }, 60_000);

  it('keeps a story sent while the server is down, shows the connection state, and delivers it once when back', async () => {
    const phone = browser.context.pages()[0];
    if (!phone) throw new Error('no phone page');
    await phone.getByText('Bitumen roofing felt').or(phone.locator('.material').first()).first().click();
    await phone.getByLabel('hope').check();
    await phone.getByLabel('Your story').fill('We patched the roof every spring; the rain came through black.');

    await server?.close();
    server = undefined;
    await phone.locator('#connection[data-state="reconnecting"]').waitFor();
    await phone.getByRole('button', { name: 'Send my story' }).click();
    await phone.getByRole('heading', { name: 'Waiting for the connection' }).waitFor();
    const kept = JSON.parse((await phone.evaluate(() => localStorage.getItem('meshwork.outbox'))) ?? 'null') as { id: string } | null;
    expect(kept?.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await phone.screenshot({ path: join(ARTIFACTS, 'join-reconnecting.png') });

    // Back on the same port, with the same log: the phone rejoins (with its join code) and sends the story.
    await start();
    await phone.getByRole('heading', { name: 'Your story arrived' }).waitFor({ timeout: 20_000 });
    expect(await phone.evaluate(() => localStorage.getItem('meshwork.outbox'))).toBeNull();

    // Exactly one story in the log, under the id the phone chose.
    const op: Socket<ServerToClientEvents, ClientToServerEvents> = io(`http://127.0.0.1:${port}`, {
      forceNew: true,
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      const welcome: Reply<Welcome> = await op.timeout(5000).emitWithAck('hello', { role: 'operator', clientId: 'e2e-operator-2', token: TOKEN });
      if (!welcome.ok) throw new Error(welcome.error);
      const stories = welcome.events.filter((e) => e.type === 'story');
      expect(stories.map((s) => ('id' in s ? s.id : ''))).toEqual([kept?.id]);
    } finally {
      op.disconnect();
    }
  }, 60_000);

  it('after three stories a minute, says the phone must wait and when it can send again', async () => {
    const phone = browser.context.pages()[0];
    if (!phone) throw new Error('no phone page');
    // The restarted server counted one story from this phone; its allowance is three a minute.
    for (const text of ['The felt smelled of tar in July.', 'My father cut it with a bread knife.']) {
      await phone.getByRole('button', { name: 'Write another story' }).click();
      await phone.getByLabel('Your story').fill(text);
      await phone.getByRole('button', { name: 'Send my story' }).click();
      await phone.getByRole('heading', { name: 'Your story arrived' }).waitFor();
    }
    await phone.getByRole('button', { name: 'Write another story' }).click();
    await phone.getByLabel('Your story').fill('We burned the offcuts in the yard.');
    await phone.getByRole('button', { name: 'Send my story' }).click();
    await phone.getByRole('heading', { name: 'Not sent: too many at once' }).waitFor();
    await phone.getByText(/^You can send again in \d+ s\.$/).waitFor();
    expect(await phone.getByRole('button', { name: 'Send my story' }).isDisabled()).toBe(true);
    // The text stays, to send once the wait is over.
    await expect(phone.getByLabel('Your story').inputValue()).resolves.toBe('We burned the offcuts in the yard.');
    await phone.locator('#answer').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(ARTIFACTS, 'join-wait.png') });
  }, 60_000);
});
