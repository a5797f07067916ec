import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { showAt } from '../../src/core/show.ts';
import { DoubleGoGuard, isGoKey, typesText } from '../../src/app/operator/go-key.ts';
import { showControl, undoOnOffer, UNDO_SECONDS } from '../../src/app/operator/show-control.ts';
import { soundBlockedOn } from '../../src/app/operator/Alerts.tsx';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

// gathering 60 s (auto) -> glitch 30 s (auto) -> crisis 60 s (advance: cue) -> transformation 60 s -> resilience 120 s
const inst = syntheticInstallation(6, 'after');
const phases = inst.spec.phases;
const logOf = (...items: [number, EventBody][]): EventLog => EventLog.from(items.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent));
const key = (over: Partial<Parameters<typeof isGoKey>[0]> = {}) => ({
  code: 'Space',
  key: ' ',
  repeat: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  target: { tagName: 'BUTTON' },
  ...over,
});

describe('the GO key (src/app/operator/go-key.ts)', () => {
  it('is space, anywhere but where space types; never held down or with a modifier', () => {
    expect(isGoKey(key())).toBe(true);
    expect(isGoKey(key({ target: { tagName: 'BODY' } }))).toBe(true);
    expect(isGoKey(key({ target: { tagName: 'INPUT', type: 'range' } }))).toBe(true);
    expect(isGoKey(key({ target: { tagName: 'INPUT', type: 'text' } }))).toBe(false);
    expect(isGoKey(key({ target: { tagName: 'INPUT' } }))).toBe(false);
    expect(isGoKey(key({ target: { tagName: 'TEXTAREA' } }))).toBe(false);
    expect(isGoKey(key({ target: { tagName: 'DIV', isContentEditable: true } }))).toBe(false);
    expect(isGoKey(key({ repeat: true }))).toBe(false);
    expect(isGoKey(key({ ctrlKey: true }))).toBe(false);
    expect(isGoKey(key({ code: 'Enter', key: 'Enter' }))).toBe(false);
    expect(typesText(null)).toBe(false);
  });

  it('refuses a second GO within a second of the last one it let through, whatever the rhythm', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2500 }), { maxLength: 30 }), (gaps) => {
        const guard = new DoubleGoGuard(1000);
        let t = 0;
        let last = -Infinity;
        for (const gap of gaps) {
          t += gap;
          const fired = guard.take(t);
          expect(fired).toBe(t - last >= 1000);
          if (fired) last = t;
        }
      }),
    );
  });
});

describe('show control (src/app/operator/show-control.ts)', () => {
  it('names the standby cue and when it starts by itself; none in the last phase', () => {
    const c = showControl(phases, logOf(), 20);
    expect(c).toMatchObject({ standby: { id: 'glitch' }, autoIn: 40, blackout: false, heldSince: null, end: 'running' });
    expect(showControl(phases, logOf(), 100)).toMatchObject({ phase: { id: 'crisis' }, standby: { id: 'transformation' }, autoIn: null });
    // A hold stops the countdown.
    expect(showControl(phases, logOf([10, { type: 'hold', on: true }]), 30)).toMatchObject({ heldSince: 10, autoIn: null });
  });

  it('says where the show ends: the last phase, its time over, blacked out', () => {
    const last = logOf([100, { type: 'cue', phase: 'resilience' }]);
    expect(showControl(phases, last, 150)).toMatchObject({ standby: null, end: 'last' });
    expect(showControl(phases, last, 221)).toMatchObject({ end: 'over' });
    const ended = logOf([100, { type: 'cue', phase: 'resilience' }], [150, { type: 'blackout', on: true, seconds: 5 }]);
    expect(showControl(phases, ended, 151)).toMatchObject({ end: 'ended', blackout: true });
  });

  it('an undo puts the phase back where it was when the cue was fired', () => {
    // At t=40 the show is 40 s into gathering; a jump to crisis, then its undo 5 s later.
    const events: [number, EventBody][] = [[40, { type: 'cue', phase: 'crisis' }]];
    const undo = { phase: 'gathering', label: 'gathering', offset: 40, seq: 1, at: 40 };
    expect(undoOnOffer(undo, logOf(...events), 45)).toBe(undo);
    expect(undoOnOffer(undo, logOf(...events), 40 + UNDO_SECONDS + 1)).toBeNull();
    expect(undoOnOffer(undo, logOf(...events, [44, { type: 'cue', phase: 'glitch' }]), 45)).toBeNull();
    const undone = logOf(...events, [45, { type: 'cue', phase: 'gathering', offset: 40 }]);
    const p = showAt(inst, undone, 50).phase;
    expect(p).toMatchObject({ id: 'gathering', elapsed: 45, start: 5 });
    // It runs on to the next phase 20 s after the undo, as it would have.
    expect(showAt(inst, undone, 65.5).phase.id).toBe('glitch');
  });

  it('lists each wall whose sound is blocked once, by name', () => {
    const client = (display: string, soundBlocked: boolean, role: 'viewer' | 'audience' = 'viewer') => ({
      id: `c-${display}-${role}`,
      role,
      display,
      address: '10.0.0.2',
      connectedAt: 0,
      reconnects: 0,
      stats: { soundBlocked },
    });
    expect(soundBlockedOn([client('north', true), client('south', false), client('north', true), client('phone', true, 'audience')])).toEqual(['north']);
  });
});
