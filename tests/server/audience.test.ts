import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/core/event-log.ts';
import { showAt } from '../../src/core/show.ts';
import type { Archive, Reply } from '../../src/net/protocol.ts';
import { clientId, connect, hello, joinShow, operator, story, until, showForFile } from './show-server.ts';

/** Moderation `after` (stories show at once, the operator may hide them), a join code, archives, limits. */
const CODE = 'Rite2026';
const show = showForFile((y) => y.replace('  moderation: before\n', `  moderation: after\n  joinCode: ${CODE}\n`));
const keep = show.keep;

describe('join code', () => {
  it('viewers and phones need it (any case); the operator needs only the token', async () => {
    const s = connect(show.server.url);
    show.keepSocket(s);
    expect(await hello(s, { role: 'viewer' })).toMatchObject({ ok: false, code: 'unauthorized', error: 'this show asks for a join code' });
    expect(await hello(s, { role: 'audience', joinCode: 'rite2025' })).toMatchObject({ ok: false, code: 'unauthorized', error: 'wrong join code' });
    expect(await hello(s, { role: 'audience', joinCode: 'rite2026' })).toMatchObject({ ok: true });
    keep(await operator(show.server.url));
  });

  it('is never sent to viewers or phones (it would open the door to anyone who opens a page); the operator gets it', async () => {
    const viewer = keep(await joinShow(show.server.url, { role: 'viewer', joinCode: CODE }));
    expect(viewer.welcome.installation?.spec.audience.joinCode).toBeUndefined();
    expect(viewer.welcome.installation?.spec.title).toBe('The Upcycling Rite');
    expect(JSON.stringify(viewer.welcome)).not.toContain(CODE);
    const op = keep(await operator(show.server.url));
    expect(op.welcome.installation?.spec.audience.joinCode).toBe(CODE);
  });

  it('gates the HTTP snapshot too, with a clear answer, and the snapshot carries no code', async () => {
    const without = await fetch(`${show.server.url}/api/show`);
    expect(without.status).toBe(401);
    expect(await without.json()).toMatchObject({ error: 'this show asks for a join code', hint: expect.stringContaining('?code=') });
    const wrong = await fetch(`${show.server.url}/api/show`, { headers: { 'X-Meshwork-Join-Code': 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'wrong join code' });
    for (const res of [
      await fetch(`${show.server.url}/api/show`, { headers: { 'X-Meshwork-Join-Code': ' rite2026 ' } }),
      await fetch(`${show.server.url}/api/show?code=${CODE}`),
    ]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(CODE);
      expect(JSON.parse(text)).toMatchObject({ live: true, installation: { spec: { title: 'The Upcycling Rite' } } });
    }
  });
});

describe('moderation after', () => {
  it('shows a story at once; once hidden, its text is never sent again, and every screen agrees', async () => {
    const viewer = keep(await joinShow(show.server.url, { role: 'viewer', joinCode: CODE }));
    const phone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE })).socket;
    const op = keep(await operator(show.server.url)).socket;
    const id = `after-${clientId()}`;
    const text = 'Something the operator will hide.';
    const r = await phone.timeout(5000).emitWithAck('story:submit', story(id, text));
    expect(r).toMatchObject({ ok: true, outcome: 'shown' });
    await until(() => viewer.socket.heard.some((e) => e.type === 'story' && e.id === id));
    const hidden = await op.timeout(5000).emitWithAck('moderate', { id, action: 'hide', reason: 'abuse' });
    expect(hidden.ok).toBe(true);
    if (!hidden.ok) return;
    await until(() => viewer.socket.heard.some((e) => e.seq === hidden.seq));
    expect(await op.timeout(5000).emitWithAck('moderate', { id, action: 'approve' })).toMatchObject({ ok: false, code: 'rejected' });
    const late = keep(await joinShow(show.server.url, { role: 'viewer', joinCode: CODE }));
    expect(JSON.stringify(late.welcome.events)).not.toContain(text);
    const inst = late.welcome.installation;
    if (!inst) throw new Error('no installation');
    const t = show.server.now();
    const live = EventLog.from([...viewer.welcome.events, ...viewer.socket.heard]);
    expect(showAt(inst, live, t).stories).toEqual(showAt(inst, late.welcome.events, t).stories);
    expect(showAt(inst, live, t).stories.map((s) => s.id)).not.toContain(id);
  });

  it('answers duplicate to the same text under a new id, and the first outcome to a retry', async () => {
    const phone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE })).socket;
    const first = await phone.timeout(5000).emitWithAck('story:submit', story(`dup-${clientId()}`, 'Twice told.'));
    const dup = await phone.timeout(5000).emitWithAck('story:submit', story(`dup-${clientId()}`, 'twice told.'));
    expect(first).toMatchObject({ ok: true, outcome: 'shown' });
    expect(dup).toEqual({ ...first, outcome: 'duplicate' });
  });
});

describe('archive', () => {
  it('exports the installation and the log, withholding stories without consent and hidden ones', async () => {
    const phone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE })).socket;
    const private_ = 'Please do not keep this one.';
    const kept = 'Keep this for next year.';
    await phone.timeout(5000).emitWithAck('story:submit', story(`noconsent-${clientId()}`, private_, { consent: false }));
    const k = await phone.timeout(5000).emitWithAck('story:submit', story(`consent-${clientId()}`, kept));
    const op = keep(await operator(show.server.url)).socket;
    const r: Reply<{ archive: Archive }> = await op.timeout(5000).emitWithAck('archive:export');
    expect(r.ok).toBe(true);
    if (!r.ok || !k.ok) return;
    const { archive } = r;
    expect(archive).toMatchObject({ format: 'meshwork-archive', formatVersion: 2, installation: { spec: { title: 'The Upcycling Rite' } } });
    const text = JSON.stringify(archive.events);
    expect(text).not.toContain(private_);
    expect(text).toContain(kept);
    expect(archive.events.map((e) => e.seq)).toEqual(archive.events.map((_, i) => i + 1));
    expect(showAt(archive.installation, archive.events, archive.events.at(-1)?.t ?? 0).stories.map((s) => s.text)).toContain(kept);
  });
});

describe('rate limits', () => {
  it('per device: phones sharing one address each get their own allowance, then wait', async () => {
    const phones = await Promise.all([1, 2, 3, 4, 5].map(async () => keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE })).socket));
    for (const [p, phone] of phones.entries()) {
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await phone.timeout(5000).emitWithAck('story:submit', story(`addr-${clientId()}`, `phone ${p} story ${i}`));
        outcomes.push(r.ok ? 'ok' : `${r.code}: ${r.error}`);
      }
      expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(outcomes[3]).toMatch(/^rate-limited: too many stories from this device \(3 at once, then 3 a minute\)/);
    }
  });

  it('reactions: a known kind is stored; an unknown one is refused with the kinds offered', async () => {
    const phone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE })).socket;
    expect(await phone.timeout(5000).emitWithAck('reaction', { kind: 'heart' })).toMatchObject({ ok: true, seq: expect.any(Number) });
    const r = await phone.timeout(5000).emitWithAck('reaction', { kind: 'hart' });
    expect(r).toMatchObject({ ok: false, code: 'rejected', error: 'unknown reaction "hart"' });
    if (!r.ok) expect(r.hint).toMatch(/did you mean "heart"/);
  });
});
