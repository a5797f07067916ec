import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { statsMessage, type ClientInfo } from '../../src/net/protocol.ts';
import { sparklinePath, yExtent, yPixel } from '../../src/app/operator/sparkline.ts';
import { ClientHistory, driftOf, median, warningsOf, type Sample } from '../../src/app/operator/health.ts';
import { archiveFileName, formatClock, formatMs } from '../../src/app/operator/format.ts';
import { agoText, english } from '../../src/app/operator/strings.ts';

const wall = (over: Partial<ClientInfo> = {}, stats: ClientInfo['stats'] = {}): ClientInfo => ({
  id: 'wall-north-1',
  role: 'viewer',
  display: 'north',
  address: '127.0.0.1',
  connectedAt: 0,
  reconnects: 0,
  latencyMs: 10,
  stats,
  ...over,
});

describe('sparkline paths', () => {
  const opts = { width: 100, height: 10, xDomain: [0, 10] as const };

  it('maps the x domain to the width and the data range to the height (y down)', () => {
    expect(
      sparklinePath(
        [
          [0, 0],
          [5, 5],
          [10, 10],
        ],
        opts,
      ),
    ).toBe('M0 10 L50 5 L100 0');
  });

  it('breaks the line at gaps and drops points outside the x domain', () => {
    expect(
      sparklinePath(
        [
          [-5, 3],
          [0, 0],
          [2, 10],
          [4, null],
          [6, 0],
          [10, 10],
        ],
        opts,
      ),
    ).toBe('M0 10 L20 0 M60 10 L100 0');
  });

  it('draws nothing (rather than NaN coordinates) before the console knows the time', () => {
    expect(sparklinePath([[3, 2]], { ...opts, xDomain: [Number.NaN, Number.NaN] })).toBe('');
  });

  it('centres a flat line in a minimum span, and draws nothing without data', () => {
    expect(
      sparklinePath(
        [
          [0, 60],
          [10, 60],
        ],
        { ...opts, minSpan: 10 },
      ),
    ).toBe('M0 5 L100 5');
    expect(sparklinePath([[0, null]], opts)).toBe('');
    // A lone point (a client that reported once) is a dot.
    expect(
      sparklinePath(
        [
          [0, 1],
          [5, null],
          [10, 1],
        ],
        { ...opts, minSpan: 2 },
      ),
    ).toBe('M0 5 h0 M100 5 h0');
    expect(
      yExtent(
        [
          [1, 4],
          [2, null],
          [3, -2],
          [20, 99],
        ],
        [0, 10],
      ),
    ).toEqual([-2, 4]);
    expect(yExtent([], [0, 10])).toBeNull();
  });

  it('clamps values outside a given y domain to the edges', () => {
    expect(
      sparklinePath(
        [
          [0, -50],
          [10, 500],
        ],
        { ...opts, yDomain: [0, 100] },
      ),
    ).toBe('M0 10 L100 0');
    expect(yPixel(50, [0, 100], 10)).toBe(5);
  });
});

describe('display health', () => {
  it('measures drift from the reported t, the server stamp and half the round trip', () => {
    // Sent 10 ms (half of 20) before the server stamped 100.000: the shared clock then read 99.990.
    expect(driftOf(wall({ statsAt: 100, latencyMs: 20 }, { t: 100.05 }))).toBeCloseTo(60, 6);
    expect(driftOf(wall({ statsAt: 100, latencyMs: 20 }, { t: 99.95 }))).toBeCloseTo(-40, 6);
    expect(driftOf(wall({}, { t: 100 }))).toBeNull();
  });

  it('warns about a display beyond 50 ms of drift, not within it', () => {
    expect(warningsOf(wall({ statsAt: 100, latencyMs: 0 }, { t: 100.049 }), [])).toEqual([]);
    const w = warningsOf(wall({ statsAt: 100, latencyMs: 0 }, { t: 99.9 }), []);
    expect(w).toEqual([{ kind: 'drift', message: 'behind the shared clock by 100 ms (limit 50 ms)' }]);
  });

  it("says when a display's sound stopped, and why", () => {
    expect(warningsOf(wall({ display: 'north' }, { soundError: 'Start time must be strictly greater than previous start time' }), [])).toEqual([
      { kind: 'sound', message: 'sound stopped on north: Start time must be strictly greater than previous start time' },
    ]);
    expect(warningsOf(wall({ display: 'north' }, { soundOn: true }), [])).toEqual([]);
  });

  it('says how often a wall reloaded itself and its kiosk restarted its browser, and why the last time', () => {
    expect(warningsOf(wall({ display: 'north' }, { reloads: 2, reloadReason: 'no frame drawn for 8 s while the browser offered 40' }), [])).toEqual([
      { kind: 'restarts', message: 'north reloaded 2 times (last: no frame drawn for 8 s while the browser offered 40)' },
    ]);
    expect(warningsOf(wall({ display: 'south' }, { kioskRestarts: 1, kioskReason: 'Chromium exited (signal SIGKILL) after 34 s' }), [])).toEqual([
      { kind: 'restarts', message: "south's browser restarted by its kiosk once (last: Chromium exited (signal SIGKILL) after 34 s)" },
    ]);
    // Any counts a page may send (the server's schema): a line for each kind that happened, none otherwise.
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.string({ maxLength: 300 }), (reloads, kioskRestarts, reason) => {
        const stats = { reloads, reloadReason: reason, kioskRestarts, kioskReason: reason };
        expect(statsMessage.safeParse(stats).success).toBe(true);
        const w = warningsOf(wall({}, stats), []).filter((x) => x.kind === 'restarts');
        expect(w.length).toBe((reloads > 0 ? 1 : 0) + (kioskRestarts > 0 ? 1 : 0));
        if (reloads > 0) expect(w[0]?.message).toMatch(reloads === 1 ? /^north reloaded once/ : new RegExp(`^north reloaded ${reloads} times`));
      }),
      { numRuns: 200 },
    );
    expect(statsMessage.safeParse({ reloads: -1 }).success).toBe(false);
    expect(statsMessage.safeParse({ kioskReason: 'x'.repeat(301) }).success).toBe(false);
  });

  it("warns about frames dropping below 80% of the display's usual rate, once it has a usual rate", () => {
    const hist = (fps: number[]): Sample[] => fps.map((f, i) => ({ at: i, fps: f, latencyMs: 1, offsetMs: 0, driftMs: 0 }));
    expect(warningsOf(wall({}, { fps: 40 }), hist([60, 60, 60, 60]))).toEqual([]); // too few samples
    expect(warningsOf(wall({}, { fps: 40 }), hist([60, 60, 61, 59, 60]))).toEqual([{ kind: 'fps', message: 'dropping frames: 40 fps, usually 60' }]);
    expect(warningsOf(wall({}, { fps: 50 }), hist([60, 60, 61, 59, 60]))).toEqual([]);
    // A headset at 72 Hz is judged against its own usual, not a fixed number.
    expect(warningsOf(wall({}, { fps: 70 }), hist([72, 72, 72, 72, 72]))).toEqual([]);
    // Phones render nothing: never flagged.
    expect(warningsOf(wall({ role: 'audience', statsAt: 1 }, { fps: 1, t: 50 }), hist([60, 60, 60, 60, 60]))).toEqual([]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('keeps a sliding window per client, one sample a second, with a gap while a client is away', () => {
    const h = new ClientHistory(10, 1);
    const a = wall({ id: 'a' }, { fps: 60 });
    h.record([a], 0);
    h.record([{ ...a, stats: { fps: 50 } }], 0.5); // same second: replaces
    expect(h.of('a').map((s) => s.fps)).toEqual([50]);
    h.record([a], 1);
    h.record([], 2); // gone: a gap
    h.record([], 3); // still gone: no second gap
    expect(h.of('a').map((s) => s.fps)).toEqual([50, 60, null]);
    h.record([a], 4);
    h.record([a], 12.5); // the first samples fall out of the 10 s window
    expect(h.of('a').map((s) => s.at)).toEqual([4, 12.5]);
    h.record([], 13);
    h.record([], 30); // away for longer than the window: forgotten
    expect(h.of('a')).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats show times, durations and latencies', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(-3)).toBe('-0:03');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1530)).toBe('1.5 s');
    expect(formatMs(undefined)).toBe('–');
    expect([0.4, 42.9, 185, 7300].map((s) => agoText(english, s))).toEqual(['just now', '42 s ago', '3 min ago', '2 h ago']);
  });

  it('names archive files safely', () => {
    expect(archiveFileName('The Upcycling Rite', new Date(2026, 10, 25, 18, 5))).toBe('the-upcycling-rite-archive-2026-11-25-1805.json');
    expect(archiveFileName('Ça / va?', new Date(2026, 0, 2, 3, 4))).toBe('ca-va-archive-2026-01-02-0304.json');
    expect(archiveFileName('***', new Date(2026, 0, 2, 3, 4))).toBe('meshwork-archive-2026-01-02-0304.json');
  });
});
