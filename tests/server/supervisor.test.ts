import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShowEvent, StoryBody } from '../../src/core/events.ts';
import { createReplica, type Replica } from '../../src/net/replica.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { supervise, type ShowProcessInfo, type Supervisor } from '../../server/supervisor.ts';
import { clientId, connect, demoCopy, hello, removeDir, story, TOKEN, until } from './show-server.ts';

/**
 * kill -9 of the show process under `meshwork serve`'s supervisor while phones send stories: every story a
 * phone was told is stored is in the log after the restart, none twice (phones retry an unanswered story
 * with the same id, as the join page does), and the screens converge on the same log. Real child processes,
 * real sockets, the client replica the pages use.
 */

const PHONES = 6;
/** Stories each phone still sends once the show is back. */
const AFTER_RESTART = 4;

// Stories are limited to 3 a minute per phone by default; this show takes them as fast as they come.
const dir = demoCopy((y) => y.replace('audience:\n  moderation: before', 'audience:\n  limits: { storiesPerMinute: 1000 }\n  moderation: before'));
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  removeDir(dir);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the supervisor of meshwork serve', () => {
  it('restarts the show process after kill -9: nothing acknowledged is lost or stored twice, and the screens converge', async () => {
    const installation = compileFolder(dir).installation;
    if (!installation) throw new Error('the demo copy does not compile');
    const lines: string[] = [];
    const started: (ShowProcessInfo & { atMs: number })[] = [];
    const supervisor: Supervisor = supervise({
      config: {
        installationDir: dir,
        dataDir: join(dir, 'data'),
        port: 0,
        host: '127.0.0.1',
        https: false,
        operatorToken: TOKEN,
        trustProxy: false,
        quiet: true,
        watch: false,
      },
      installation,
      log: (m) => lines.push(m),
    });
    cleanup.push(() => supervisor.stop());
    supervisor.onListening((info) => started.push({ ...info, atMs: Date.now() }));
    await until(() => started.length === 1, 120_000);
    const first = started[0] as ShowProcessInfo;

    const replicas: Replica[] = [];
    cleanup.push(() => replicas.forEach((r) => r.close()));
    const replica = (role: 'viewer' | 'audience') => {
      const r = createReplica({
        url: first.url,
        role,
        clientId: clientId(role),
        transports: ['websocket'],
        syncClock: false,
        statsIntervalMs: 0,
        requestTimeoutMs: 3000,
      });
      replicas.push(r);
      return r;
    };
    const screens = [replica('viewer'), replica('viewer'), replica('viewer')];
    const phones = Array.from({ length: PHONES }, () => replica('audience'));
    await Promise.all(replicas.map((r) => r.ready()));

    // When each replica is welcomed again after the kill.
    let killAtMs = 0;
    const rewelcomedAtMs = new Map<Replica, number>();
    for (const r of replicas) {
      r.subscribe(() => {
        if (killAtMs > 0 && !rewelcomedAtMs.has(r) && r.state().reconnects > 0 && r.state().status === 'joined') rewelcomedAtMs.set(r, Date.now());
      });
    }

    // Each phone sends stories one after another, through the kill, until it has sent AFTER_RESTART more
    // once the show is back; an answer other than ok (no answer, the server gone, unavailable) is retried
    // with the same id until it is acknowledged.
    const acked = new Map<string, number>();
    let retries = 0;
    let restarted = false;
    const send = async (phone: Replica, p: number) => {
      let afterRestart = 0;
      for (let i = 0; afterRestart < AFTER_RESTART; i++) {
        if (restarted) afterRestart++;
        const id = `phone${p}-story${i}-${clientId()}`;
        for (;;) {
          const answer = await phone.submitStory(story(id, `Phone ${p} remembers thing ${i}.`));
          if (answer.ok) {
            acked.set(id, answer.seq);
            break;
          }
          if (answer.code === 'rejected' || answer.code === 'invalid') throw new Error(`story refused: ${answer.error}`);
          retries++;
          await sleep(100);
        }
      }
    };
    const sending = Promise.all(phones.map((phone, p) => send(phone, p)));

    // A show runs for hours: by the time it dies, the supervisor's standby process has long loaded.
    await until(() => supervisor.standbyReady(), 120_000);
    const ackedAtStandby = acked.size;
    await until(() => acked.size >= ackedAtStandby + 10, 60_000);
    const pid = supervisor.pid();
    if (pid === undefined) throw new Error('no show process');
    const ackedBeforeKill = acked.size;
    killAtMs = Date.now();
    process.kill(pid, 'SIGKILL');

    await until(() => started.length === 2, 120_000);
    const restart = started[1] as ShowProcessInfo & { atMs: number };
    restarted = true;
    expect(restart.port).toBe(first.port);
    expect(restart.pid).not.toBe(pid);
    await until(() => replicas.every((r) => rewelcomedAtMs.has(r)), 60_000);
    await sending;

    // Every acknowledged story is in the log once, at the seq its phone was told; no story id twice.
    const op = connect(restart.url);
    cleanup.push(() => op.disconnect());
    const welcome = await hello(op, { role: 'operator', token: TOKEN });
    if (!welcome.ok) throw new Error(welcome.error);
    const stories = welcome.events.filter((e): e is ShowEvent<StoryBody> => e.type === 'story');
    const ids = stories.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seqOf = new Map(stories.map((s) => [s.id, s.seq]));
    const lost = [...acked].filter(([id, seq]) => seqOf.get(id) !== seq);
    expect(lost).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(ackedBeforeKill + PHONES * AFTER_RESTART);

    // The screens converge on one log: the public log of the server's, every seq in order.
    const lastSeq = welcome.events.at(-1)?.seq ?? 0;
    await until(() => screens.every((s) => s.state().log.lastSeq === lastSeq), 10_000);
    const fresh = connect(restart.url);
    cleanup.push(() => fresh.disconnect());
    const viewerWelcome = await hello(fresh, { role: 'viewer' });
    if (!viewerWelcome.ok) throw new Error(viewerWelcome.error);
    const expected = viewerWelcome.events.map((e) => `${e.seq}:${e.type}`);
    for (const s of screens) expect(s.state().log.events.map((e) => `${e.seq}:${e.type}`)).toEqual(expected);

    const firstWelcomeMs = Math.min(...rewelcomedAtMs.values()) - killAtMs;
    const screensBackMs = Math.max(...screens.map((s) => rewelcomedAtMs.get(s) as number)) - restart.atMs;
    console.log(
      `kill -9 of the show process: listening again ${restart.atMs - killAtMs} ms after the kill, first client welcomed again after ${firstWelcomeMs} ms, every screen within ${screensBackMs} ms of the restart; ${acked.size} stories acknowledged (${ackedBeforeKill} before the kill), ${lost.length} lost, ${ids.length - new Set(ids).size} stored twice, ${retries} retries`,
    );
    // Screens are back within 5 s of the new process listening.
    expect(screensBackMs).toBeLessThan(5000);
    expect(lines.some((l) => /the show process \d+ died \(SIGKILL\); starting it again in 0\.2 s on port \d+ \(restart 1\)/.test(l))).toBe(true);

    // Stopping the supervisor stops the show process cleanly.
    const lastPid = supervisor.pid() as number;
    expect(await supervisor.stop()).toBe(0);
    expect(() => process.kill(lastPid, 0)).toThrow();
  }, 300_000);
});
