import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../server/cli.ts';
import { kioskConfig } from '../../server/kiosk-command.ts';
import { DrawWatch, KIOSK_BACKOFF, restartDelaySeconds, type PageProbe, type WatchEvent } from '../../server/kiosk-watch.ts';
import { kioskArgs } from '../../server/kiosk.ts';

/** A run of probes: each comes `gap` seconds after the last and either answers (with frames drawn since
 * the last probe, or a reload, or an error) or does not. */
const step = fc.record({
  gap: fc.double({ min: 0.1, max: 6, noNaN: true }),
  answer: fc.oneof(
    fc.record({ kind: fc.constant('draw' as const), frames: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('reload' as const) }),
    fc.record({ kind: fc.constant('error' as const), error: fc.constantFrom('cannot reach the Meshwork server', 'there is no wall "west"') }),
    fc.record({ kind: fc.constant('silent' as const) }),
  ),
});

describe('DrawWatch: when the kiosk restarts the browser', () => {
  it('restarts exactly when no progress came for the limit in force (stall once drawing, start before)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 80 }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        (steps, stall, startLimit) => {
          const watch = new DrawWatch(0, { stallSeconds: stall, startSeconds: startLimit });
          // A model of the rules, written out separately from the class.
          let at = 0;
          let frames = 0;
          let last: number | undefined;
          let progressAt = 0;
          let drawing = false;
          for (const s of steps) {
            at += s.gap;
            let probe: PageProbe | undefined;
            if (s.answer.kind === 'draw') probe = { frames: (frames += s.answer.frames) };
            else if (s.answer.kind === 'reload') probe = { frames: (frames = 0) };
            else if (s.answer.kind === 'error') probe = { frames, error: s.answer.error };
            const event: WatchEvent | undefined = watch.observe(at, probe);
            if (probe?.error !== undefined || (probe !== undefined && probe.frames !== last)) {
              if (probe.error === undefined) {
                if (last !== undefined && probe.frames < last) drawing = false;
                else if (probe.frames > 0) drawing = true;
                if (probe.frames === 0) drawing = false;
              }
              last = probe.frames;
              progressAt = at;
              expect(event?.type).not.toBe('restart');
              continue;
            }
            const due = at - progressAt >= (drawing ? stall : startLimit);
            expect(event?.type === 'restart').toBe(due);
            // After a restart the kiosk starts a new watch; this model carries on from the same state.
            if (due) return;
          }
        },
      ),
    );
  });

  it('says "drawing" once per page, and an error once until it changes', () => {
    const watch = new DrawWatch(0);
    expect(watch.observe(1, { frames: 0 })).toBeUndefined();
    expect(watch.observe(2, { frames: 3 })).toEqual({ type: 'drawing' });
    expect(watch.observe(3, { frames: 9 })).toBeUndefined();
    expect(watch.observe(4, { frames: 9, error: 'cannot reach the Meshwork server' })).toEqual({
      type: 'page-error',
      error: 'cannot reach the Meshwork server',
    });
    expect(watch.observe(5, { frames: 9, error: 'cannot reach the Meshwork server' })).toBeUndefined();
    // A reload (fewer frames) starts a new page: its first frames are news again.
    expect(watch.observe(6, { frames: 1 })).toBeUndefined();
    expect(watch.observe(7, { frames: 4 })).toEqual({ type: 'drawing' });
    expect(watch.observe(30, undefined)).toEqual({ type: 'restart', reason: 'the page stopped answering for 15 s' });
  });

  it('waits longer each time the browser dies young, up to the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        const d = restartDelaySeconds(n);
        expect(d).toBeGreaterThanOrEqual(KIOSK_BACKOFF.firstSeconds);
        expect(d).toBeLessThanOrEqual(KIOSK_BACKOFF.maxSeconds);
        expect(restartDelaySeconds(n + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
    expect(restartDelaySeconds(0)).toBe(1);
    expect(restartDelaySeconds(2)).toBe(4);
  });
});

describe('meshwork kiosk: flags', () => {
  it('opens a wall on the show server by name, with the flags a kiosk needs and its own profile', () => {
    const c = kioskConfig(['--display', 'north', '--server', 'http://192.168.1.10:8080'], '/home/wall');
    if ('error' in c || 'help' in c) throw new Error(JSON.stringify(c));
    expect(c.url).toBe('http://192.168.1.10:8080/?display=north');
    expect(c.profileDir).toBe('/home/wall/.meshwork/kiosk/north');
    const args = kioskArgs(c.url, c.profileDir);
    for (const flag of [
      '--kiosk',
      '--autoplay-policy=no-user-gesture-required',
      '--no-first-run',
      '--disable-features=Translate,TranslateUI,MediaRouter',
      '--hide-crash-restore-bubble',
      '--user-data-dir=/home/wall/.meshwork/kiosk/north',
      // The wake lock needs a secure context: the show's own origin, and only it, counts as one.
      '--unsafely-treat-insecure-origin-as-secure=http://192.168.1.10:8080',
    ])
      expect(args).toContain(flag);
    expect(args).not.toContain('--headless=new');
    expect(kioskArgs('http://localhost:8080/?display=north', '/p').some((a) => a.startsWith('--unsafely'))).toBe(false);
    expect(kioskArgs('https://10.0.0.2:8080/', '/p').some((a) => a.startsWith('--unsafely'))).toBe(false);
  });

  it('takes any address, and passes Chromium flags after --', () => {
    const c = kioskConfig(['https://10.0.0.2:8080/?display=east', '--stall', '20', '--', '--window-size=1920,1080'], '/h');
    if ('error' in c || 'help' in c) throw new Error(JSON.stringify(c));
    expect(c).toMatchObject({
      url: 'https://10.0.0.2:8080/?display=east',
      stallSeconds: 20,
      extraArgs: ['--window-size=1920,1080'],
      profileDir: '/h/.meshwork/kiosk/10.0.0.2',
    });
  });

  it('says what is wrong with bad flags', () => {
    const cases: [string[], RegExp][] = [
      [[], /which page\? e\.g\. meshwork kiosk --display north/],
      [['--display', 'North'], /--display North: wall ids are lowercase letters/],
      [['--display', 'north', 'http://x/'], /not both/],
      [['http://x/', '--server', 'http://y/'], /--server goes with --display/],
      [['not a url'], /is not an address/],
      [['ftp://x/'], /opens http:\/\/ or https:\/\//],
      [['--display', 'north', '--stall', '0'], /--stall 0: expected a number of seconds above 0/],
      [['--display', 'north', '--fast'], /unknown option --fast/],
      [['--display'], /--display needs a value/],
    ];
    for (const [args, message] of cases) {
      const c = kioskConfig(args, '/h');
      expect('error' in c ? c.error : JSON.stringify(c)).toMatch(message);
    }
  });

  it('prints its usage for --help and exits 0, without starting a browser', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['kiosk', '--display', 'north', '--help'])).toBe(0);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/meshwork kiosk <url> \| --display <wall>/));
      log.mockClear();
      expect(await main(['--help'])).toBe(0);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/meshwork kiosk <url>/));
    } finally {
      log.mockRestore();
    }
  });

  it('refuses a browser that is not there', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['kiosk', '--display', 'north', '--chromium', '/nonexistent/chromium'])).toBe(1);
      expect(err).toHaveBeenCalledWith(expect.stringMatching(/no browser at \/nonexistent\/chromium: install Chromium/));
    } finally {
      err.mockRestore();
    }
  });
});
