import { describe, expect, it } from 'vitest';
import { ClockMap, outputLatency } from '../../src/audio/clock-map.ts';

describe('ClockMap', () => {
  it('maps shared time to context time from one reading, minus the latency', () => {
    const m = new ClockMap();
    expect(m.ready).toBe(false);
    m.observe(100, 2);
    expect(m.ready).toBe(true);
    expect(m.toContext(100.5)).toBeCloseTo(2.5, 12);
    expect(m.toContext(100.5, 0.04)).toBeCloseTo(2.46, 12);
    expect(m.toShared(m.toContext(123.4, 0.02), 0.02)).toBeCloseTo(123.4, 12);
  });

  it('averages jittery readings instead of following each one', () => {
    const m = new ClockMap();
    m.observe(100, 0);
    // Readings jitter by +-3 ms (one audio quantum) around the true offset of 100 s.
    let worst = 0;
    for (let i = 1; i <= 200; i++) {
      const jitter = (i % 2 === 0 ? 1 : -1) * 0.003;
      m.observe(100 + i * 0.1 + jitter, i * 0.1);
      worst = Math.max(worst, Math.abs(m.toContext(200) - 100));
    }
    expect(worst).toBeLessThan(0.0035);
    expect(Math.abs(m.toContext(200) - 100)).toBeLessThan(0.0005);
  });

  it('re-anchors at once when the clocks disagree by more than the resync threshold', () => {
    const m = new ClockMap(0.1, 0.05);
    m.observe(100, 0);
    expect(m.observe(101.2, 1)).toBe(true); // the show clock was corrected by 0.2 s
    expect(m.toContext(101.2)).toBeCloseTo(1, 12);
    expect(m.observe(102.21, 2)).toBe(false);
  });

  it('adds base and output latency, ignoring what the browser does not report', () => {
    expect(outputLatency({ baseLatency: 0.01, outputLatency: 0.03 })).toBeCloseTo(0.04, 12);
    expect(outputLatency({ baseLatency: 0.01 })).toBeCloseTo(0.01, 12);
    expect(outputLatency({})).toBe(0);
  });

  it('runs the show clock at a replay speed, and re-anchors when the speed changes', () => {
    const m = new ClockMap(0.1, 0.05);
    m.observe(100, 10, 4);
    expect(m.toContext(104)).toBeCloseTo(11, 12);
    expect(m.toShared(m.toContext(123.4, 0.02), 0.02)).toBeCloseTo(123.4, 12);
    // 10 ms of context jitter at 4x is 40 ms of show time: under the threshold, which counts context seconds.
    expect(m.observe(108.04, 12, 4)).toBe(false);
    expect(m.observe(108.5, 13, 0.5)).toBe(true);
    expect(m.rate).toBe(0.5);
    expect(m.toContext(109)).toBeCloseTo(14, 12);
  });
});
