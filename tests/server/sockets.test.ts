import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/core/event-log.ts';
import { showAt } from '../../src/core/show.ts';
import { clientId, connect, firstMaterial, hello, joinShow, operator, story, until, showForFile } from './show-server.ts';

const show = showForFile();
const track = show.keep;

describe('hello', () => {
  it('welcomes a viewer with the installation, the clock and the public log', async () => {
    const { welcome } = track(await joinShow(show.server.url, { role: 'viewer', display: 'north' }));
    expect(welcome.role).toBe('viewer');
    expect(welcome.installation?.spec.title).toBe('The Upcycling Rite');
    expect(welcome.serverTime).toBeGreaterThanOrEqual(0);
    expect(welcome.events[0]).toMatchObject({ seq: 1, type: 'installation' });
    // A client that already has the version is not sent it again.
    const again = track(await joinShow(show.server.url, { role: 'viewer', version: welcome.version, lastSeq: welcome.events.length }));
    expect(again.welcome.installation).toBeUndefined();
    expect(again.welcome.events).toEqual([]);
  });

  it('refuses a wrong operator token and anything before hello, changing nothing', async () => {
    const s = connect(show.server.url);
    show.keepSocket(s);
    const before = await s.timeout(5000).emitWithAck('cue', { next: true });
    expect(before).toMatchObject({ ok: false, code: 'no-hello' });
    const r = await hello(s, { role: 'operator', token: 'guess' });
    expect(r).toMatchObject({ ok: false, code: 'unauthorized', error: 'wrong operator token' });
    const bad = await hello(s, { role: 'wizard' as 'viewer' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^hello was not accepted: role: /);
  });
});

describe('roles', () => {
  it('an audience phone cannot cue, glitch, moderate or export; the operator can', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    for (const [event, msg] of [
      ['cue', { next: true }],
      ['glitch', {}],
      ['moderate', { id: 'abcdef', action: 'approve' }],
    ] as const) {
      const r = await phone.timeout(5000).emitWithAck(event, msg as never);
      expect(r).toMatchObject({ ok: false, code: 'forbidden', error: `a audience may not send ${event}` });
    }
    expect(await phone.timeout(5000).emitWithAck('archive:export')).toMatchObject({ ok: false, code: 'forbidden' });
    const op = track(await operator(show.server.url)).socket;
    const cue = await op.timeout(5000).emitWithAck('cue', { phase: 'glitch' });
    expect(cue).toMatchObject({ ok: true });
    const wrong = await op.timeout(5000).emitWithAck('cue', { phase: 'glitsch' });
    expect(wrong).toMatchObject({ ok: false, code: 'rejected', error: 'no phase named "glitsch"' });
    if (!wrong.ok) expect(wrong.hint).toMatch(/did you mean "glitch"/);
  });

  it('a viewer never sees a held story; the approval brings it, and every viewer renders the same', async () => {
    const viewer = track(await joinShow(show.server.url, { role: 'viewer' }));
    const op = track(await operator(show.server.url));
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const id = `held-${clientId()}`;
    const text = 'My grandmother sewed these coats for the factory.';
    const r = await phone.timeout(5000).emitWithAck('story:submit', story(id, text));
    expect(r).toMatchObject({ ok: true, outcome: 'held' });
    if (!r.ok) return;
    await until(() => op.socket.heard.some((e) => e.seq === r.seq));
    await until(() => viewer.socket.heard.some((e) => e.seq === r.seq));
    expect(JSON.stringify(viewer.socket.heard)).not.toContain(text);
    expect(viewer.socket.heard.find((e) => e.seq === r.seq)).toEqual({ type: 'withheld', seq: r.seq, t: expect.any(Number) });

    const approved = await op.socket.timeout(5000).emitWithAck('moderate', { id, action: 'approve' });
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    await until(() => viewer.socket.heard.some((e) => e.seq === approved.seq));
    const late = track(await joinShow(show.server.url, { role: 'viewer' }));
    // The viewer that watched it happen and the one that joined late hold the same log and see the story.
    const live = EventLog.from([...viewer.welcome.events, ...viewer.socket.heard]);
    const fresh = EventLog.from(late.welcome.events);
    expect(fresh.events).toEqual(live.events.slice(0, fresh.length));
    const inst = viewer.welcome.installation;
    if (!inst) throw new Error('no installation');
    const shown = showAt(inst, fresh, (live.events.at(-1)?.t ?? 0) + 1);
    expect(shown.stories.map((s) => s.text)).toContain(text);
    expect(showAt(inst, live, (live.events.at(-1)?.t ?? 0) + 1).stories).toEqual(shown.stories);
  });
});

describe('stories', () => {
  it('a retry with the same id answers the first outcome and stores nothing new', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const id = `retry-${clientId()}`;
    const first = await phone.timeout(5000).emitWithAck('story:submit', story(id, 'First words about the sediment.'));
    const second = await phone.timeout(5000).emitWithAck('story:submit', story(id, 'First words about the sediment.'));
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
  });

  it('invalid stories get a clear error and change nothing', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const op = track(await operator(show.server.url));
    const seqBefore = op.welcome.events.at(-1)?.seq;
    const cases: [Record<string, unknown>, RegExp][] = [
      [story('tiny'), /id: expected an id of 6-64/],
      [story(`empty-${clientId()}`, '   '), /text: the story is empty/],
      [story(`emo-${clientId()}`, 'x y z', { emotion: 'griefs' }), /unknown emotion "griefs"/],
      [story(`mat-${clientId()}`, 'x y z', { material: 'nothing-here' }), /unknown material "nothing-here"/],
      [story(`long-${clientId()}`, 'a'.repeat(281)), /at most 280/],
      [{ ...story(`extra-${clientId()}`), admin: true }, /Unrecognized key/i],
    ];
    for (const [msg, error] of cases) {
      const r = await phone.timeout(5000).emitWithAck('story:submit', msg as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
    const after = track(await operator(show.server.url)).welcome.events.at(-1)?.seq;
    expect(after).toBe(seqBefore);
    expect(firstMaterial()).toBeTruthy();
  });

  it('stories are rate limited per phone, with the seconds to wait', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const replies = [];
    for (let i = 0; i < 4; i++)
      replies.push(await phone.timeout(5000).emitWithAck('story:submit', story(`rate-${clientId()}`, `story number ${i} about the plastic`)));
    expect(replies.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(replies[3]).toMatchObject({ ok: false, code: 'rate-limited', retryAfter: expect.any(Number) });
    const last = replies[3];
    if (last && !last.ok) expect(last.retryAfter).toBeGreaterThan(10);
  });
});

describe('transport', () => {
  it('refuses an oversized message by closing the connection; nothing is stored', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const closed = new Promise<string>((resolveClosed) => phone.once('disconnect', resolveClosed));
    phone.emit('story:submit', story(`huge-${clientId()}`, 'x'.repeat(20_000)), () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    const op = track(await operator(show.server.url));
    expect(JSON.stringify(op.welcome.events)).not.toContain('x'.repeat(1000));
  });
});
