import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLOBAL_LIMITS, OperatorGuard, PER_ADDRESS_LIMITS, type BackoffLimits } from '../../server/operator-guard.ts';
import { connect, hello, TOKEN, showForFile } from './show-server.ts';

const SECRET = 'the-operator-secret';

function guard(limits: { perAddress?: BackoffLimits; global?: BackoffLimits } = {}) {
  let t = 0;
  const lines: string[] = [];
  const g = new OperatorGuard({ token: SECRET, now: () => t, warn: (m) => lines.push(m), ...limits });
  return { g, lines, advance: (s: number) => void (t += s), at: (s: number) => void (t = s) };
}

/** Most failures an address (or everyone) can have judged in `span` seconds under `limits`. */
function mostGuesses(limits: BackoffLimits, span: number): number {
  let n = limits.freeFailures + 1;
  let waited = 0;
  for (let i = 0; ; i++) {
    waited += Math.min(limits.maxBackoff, limits.firstBackoff * 2 ** i);
    if (waited > span) return n;
    n++;
  }
}

describe('OperatorGuard', () => {
  it('lets a few failures through, then backs off per address, doubling, refusing even the right token', () => {
    const { g, lines, advance } = guard();
    for (let i = 0; i < PER_ADDRESS_LIMITS.freeFailures; i++) {
      expect(g.check('guess', 'a', 'test')).toEqual({ ok: false, code: 'unauthorized', error: 'wrong operator token', hint: expect.any(String) });
    }
    expect(g.check(undefined, 'a', 'test')).toMatchObject({ code: 'unauthorized', error: 'the operator token is missing', retryAfter: 1 });
    // While backing off, every attempt is refused with the time left, the right token too.
    expect(g.check(SECRET, 'a', 'test')).toMatchObject({ code: 'rate-limited', retryAfter: 1 });
    advance(0.6);
    expect(g.check(SECRET, 'a', 'test')).toMatchObject({ code: 'rate-limited', retryAfter: 0.4 });
    // Another address is not held back by this one.
    expect(g.check(SECRET, 'b', 'test')).toBeUndefined();
    advance(0.5);
    expect(g.check('guess', 'a', 'test')).toMatchObject({ code: 'unauthorized', retryAfter: 2 });
    advance(2.1);
    expect(g.check('guess', 'a', 'test')).toMatchObject({ code: 'unauthorized', retryAfter: 4 });
    advance(4.1);
    // After the back-off the right token works, and the address starts afresh.
    expect(g.check(SECRET, 'a', 'test')).toBeUndefined();
    expect(g.check('guess', 'a', 'test')).toMatchObject({ code: 'unauthorized' });
    expect(g.check('guess', 'a', 'test')).not.toHaveProperty('retryAfter');
    // One log line per refusal, with the address and the channel.
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^refused operator token from a \(test\): wrong token \(failure 1 from this address, 1 in all\)$/);
    expect(lines[5]).toMatch(/missing token .*; backing off 1 s$/);
    expect(lines[6]).toMatch(/backing off after failures from this address, 1\.0 s left/);
  });

  it('backs off globally when many addresses guess, and the right token works again after it', () => {
    const { g, advance } = guard();
    for (let i = 0; i < GLOBAL_LIMITS.freeFailures; i++) expect(g.check('guess', `10.0.0.${i}`, 'test')).not.toHaveProperty('retryAfter');
    expect(g.check('guess', '10.0.1.1', 'test')).toMatchObject({ code: 'unauthorized', retryAfter: 1 });
    expect(g.check(SECRET, '10.0.2.2', 'test')).toMatchObject({
      code: 'rate-limited',
      error: expect.stringMatching(/^too many wrong operator tokens: wait 1 s$/),
    });
    advance(1.01);
    expect(g.check('guess', '10.0.1.2', 'test')).toMatchObject({ retryAfter: 2 });
    advance(2.01);
    expect(g.check(SECRET, '10.0.2.2', 'test')).toBeUndefined();
    // A success clears the global count.
    expect(g.check('guess', '10.0.3.3', 'test')).not.toHaveProperty('retryAfter');
  });

  it('bounds the guesses judged in any schedule of attempts, per address and over many addresses', () => {
    const perAddress = { freeFailures: 3, firstBackoff: 1, maxBackoff: 20 };
    const global = { freeFailures: 10, firstBackoff: 1, maxBackoff: 30 };
    const attempt = fc.record({ gap: fc.double({ min: 0, max: 5, noNaN: true }), address: fc.integer({ min: 0, max: 40 }), right: fc.boolean() });
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 1, maxLength: 300 }), (attempts) => {
        const { g, advance } = guard({ perAddress, global });
        let span = 0;
        let judgedWrong = 0;
        for (const a of attempts) {
          advance(a.gap);
          span += a.gap;
          const r = g.check(a.right ? SECRET : 'guess', `addr-${a.address}`, 'test');
          if (r?.code === 'unauthorized') judgedWrong++;
          if (r === undefined) judgedWrong = 0; // a success resets the global count (the operator is in)
        }
        // Wrong guesses between two successes are bounded globally, whatever the addresses.
        expect(judgedWrong).toBeLessThanOrEqual(mostGuesses(global, span));
      }),
      { numRuns: 300 },
    );
    // One address alone, never succeeding: bounded by its own limit.
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 400 }), (gaps) => {
        const { g, advance } = guard({ perAddress, global: { freeFailures: 1e9, firstBackoff: 1, maxBackoff: 1 } });
        let span = 0;
        let judged = 0;
        for (const gap of gaps) {
          advance(gap);
          span += gap;
          if (g.check('guess', 'one', 'test')?.code === 'unauthorized') judged++;
        }
        expect(judged).toBeLessThanOrEqual(mostGuesses(perAddress, span));
      }),
      { numRuns: 300 },
    );
  });

  it('never takes a token that differs, whatever its length (digests of equal length are compared)', () => {
    const { g } = guard({ perAddress: { freeFailures: 1e9, firstBackoff: 1, maxBackoff: 1 }, global: { freeFailures: 1e9, firstBackoff: 1, maxBackoff: 1 } });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((s) => s !== SECRET),
        (s) => {
          expect(g.check(s, 'x', 'test')).toMatchObject({ ok: false });
        },
      ),
      { numRuns: 2000 },
    );
    for (const near of [SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), ` ${SECRET}`]) expect(g.check(near, 'x', 'test')).toMatchObject({ ok: false });
  });
});

const BACKOFF = 8;

describe('the operator token over the socket and over HTTP', () => {
  // A back-off long enough that the checks made while it lasts cannot outlast it on a loaded machine.
  const show = showForFile(undefined, { operatorLimits: { perAddress: { freeFailures: 5, firstBackoff: BACKOFF, maxBackoff: 300 } } });

  const wallPatch = async (token: string) => {
    const res = await fetch(`http://127.0.0.1:${show.server.port}/api/walls/north`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ blend: { left: 0.1 } }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  };
  const operatorHello = async (token: string) => {
    const socket = connect(show.server.url);
    try {
      return await hello(socket, { role: 'operator', token });
    } finally {
      socket.disconnect();
    }
  };

  it('shares one failure count and back-off, with the same code and answer on both, and the right token works after it', async () => {
    const socketAnswers = [];
    for (let i = 0; i < 3; i++) socketAnswers.push(await operatorHello('guess'));
    const httpAnswers = [];
    for (let i = 0; i < 2; i++) httpAnswers.push(await wallPatch('guess'));
    for (const r of socketAnswers) expect(r).toMatchObject({ ok: false, code: 'unauthorized', error: 'wrong operator token' });
    for (const r of httpAnswers) {
      expect(r.status).toBe(401);
      const { ok: _ok, ...fromSocket } = socketAnswers[0] as { ok: false };
      expect(r.body).toEqual(fromSocket);
    }
    // The sixth failure, over HTTP, starts the back-off for the socket too.
    const sixth = await wallPatch('guess');
    expect(sixth).toMatchObject({ status: 401, body: { code: 'unauthorized', retryAfter: BACKOFF } });
    const held = await operatorHello(TOKEN);
    expect(held).toMatchObject({ ok: false, code: 'rate-limited', retryAfter: expect.any(Number) });
    const heldHttp = await wallPatch(TOKEN);
    expect(heldHttp.status).toBe(429);
    expect(Number(heldHttp.retryAfter)).toBeGreaterThan(0);
    expect(Number(heldHttp.retryAfter)).toBeLessThanOrEqual(BACKOFF);
    expect(heldHttp.body).toMatchObject({
      code: 'rate-limited',
      hint: (held as { hint: string }).hint,
      error: expect.stringMatching(/^too many wrong operator tokens: wait [\d.]+ s$/),
    });
    // Honouring retryAfter, the right token is let in.
    const start = Date.now();
    let welcome = held;
    while (!welcome.ok) {
      if (Date.now() - start > 20_000) throw new Error('the back-off never ended');
      await new Promise((r) => setTimeout(r, ((welcome as { retryAfter?: number }).retryAfter ?? 0.2) * 1000));
      welcome = await operatorHello(TOKEN);
    }
    expect(welcome).toMatchObject({ ok: true, role: 'operator' });
    expect((await wallPatch(TOKEN)).status).toBe(200);
  });
});
