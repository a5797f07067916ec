import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from '../../src/core/event-log.ts';
import { showAt } from '../../src/core/show.ts';
import { joinShow, operator, until, showForFile } from './show-server.ts';

/** The server's last seq, as an operator joining now is told it. */
const lastSeq = async (): Promise<number> => track(await operator(show.server.url)).welcome.events.at(-1)?.seq ?? 0;

/** Blackout and hold through a real server: validated, stored once, sent to every viewer, and the same
 * for a screen that joins during them. */
const show = showForFile();
const track = show.keep;

describe('blackout and hold requests', () => {
  it('are for the operator only, refuse bad payloads with the reason, and change nothing then', async () => {
    const phone = track(await joinShow(show.server.url, { role: 'audience' })).socket;
    const viewer = track(await joinShow(show.server.url, { role: 'viewer' })).socket;
    for (const s of [phone, viewer]) {
      expect(await s.timeout(5000).emitWithAck('blackout', { on: true })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await s.timeout(5000).emitWithAck('hold', { on: true })).toMatchObject({ ok: false, code: 'forbidden' });
    }
    const op = track(await operator(show.server.url)).socket;
    const before = await lastSeq();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('blackout' as const, 'hold' as const),
        fc.oneof(
          fc.record({ on: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
          fc.record({
            on: fc.boolean(),
            seconds: fc.oneof(fc.double({ min: 60.001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -0.001, noNaN: true }), fc.string()),
          }),
          fc.record({ on: fc.boolean(), extra: fc.anything().filter((v) => v !== undefined) }),
          fc.constant({}),
        ),
        async (event, msg) => {
          const r = await op.timeout(5000).emitWithAck(event, msg as never);
          expect(r).toMatchObject({ ok: false, code: 'invalid' });
          if (!r.ok) expect(r.error).toMatch(/^(blackout|hold) was not accepted: /);
        },
      ),
      { numRuns: 40 },
    );
    expect(await lastSeq()).toBe(before);
    expect(await op.timeout(5000).emitWithAck('blackout', { on: false })).toMatchObject({ ok: false, code: 'rejected', error: 'there is no blackout to lift' });
    expect(await op.timeout(5000).emitWithAck('hold', { on: false })).toMatchObject({ ok: false, code: 'rejected', error: 'the show is not held' });
    expect(await lastSeq()).toBe(before);
  });

  it('reach every viewer; a repeat stores nothing; a screen joining during them renders the same', async () => {
    const viewer = track(await joinShow(show.server.url, { role: 'viewer', display: 'north' }));
    const op = track(await operator(show.server.url)).socket;
    const on = await op.timeout(5000).emitWithAck('blackout', { on: true, seconds: 0.5 });
    const again = await op.timeout(5000).emitWithAck('blackout', { on: true });
    expect(on).toMatchObject({ ok: true });
    expect(again).toEqual(on);
    const hold = await op.timeout(5000).emitWithAck('hold', { on: true });
    expect(hold).toMatchObject({ ok: true });
    if (!on.ok || !hold.ok) return;
    await until(() => viewer.socket.heard.some((e) => e.seq === hold.seq));
    expect(viewer.socket.heard.find((e) => e.seq === on.seq)).toEqual({ type: 'blackout', on: true, seconds: 0.5, seq: on.seq, t: expect.any(Number) });
    const late = track(await joinShow(show.server.url, { role: 'viewer' }));
    const inst = viewer.welcome.installation;
    if (!inst) throw new Error('no installation');
    const live = EventLog.from([...viewer.welcome.events, ...viewer.socket.heard]);
    const fresh = EventLog.from(late.welcome.events);
    const t = show.server.now() + 1;
    const a = showAt(inst, live, t);
    const b = showAt(inst, fresh, t);
    expect(a.blackout).toBe(1);
    expect(a.held).toBe(true);
    expect({ blackout: b.blackout, held: b.held, t: b.t, phase: b.phase }).toEqual({ blackout: a.blackout, held: a.held, t: a.t, phase: a.phase });
    const release = await op.timeout(5000).emitWithAck('hold', { on: false });
    const lights = await op.timeout(5000).emitWithAck('blackout', { on: false, seconds: 0 });
    expect(release.ok && lights.ok).toBe(true);
    const now = track(await operator(show.server.url)).welcome;
    const after = showAt(inst, EventLog.from(now.events), show.server.now());
    expect(after).toMatchObject({ blackout: 0, held: false });
  });
});
