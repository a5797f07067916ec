import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TARGET_LENGTH, parseRequestTarget } from '../../server/request-target.ts';

const part = (exclude: string) =>
  fc
    .string({
      unit: fc.oneof(fc.constantFrom(..."/.%2eE0zZ:@!$&'()*+,;=~-_ ".split('')), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
      maxLength: 30,
    })
    .map((s) => [...s].filter((c) => !exclude.includes(c)).join(''));
const path = part('?#').map((p) => `/${p}`);
const query = part('#');
const fragment = part('');

describe('parseRequestTarget', () => {
  it('never throws, whatever the target', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 50 }),
          fc.constantFrom('//', '//:', 'http://[', '*', '', '%', '/%', 'http://', 'a://b'),
        ),
        (t) => {
          const r = parseRequestTarget(t);
          if (r.ok) expect(r.path.startsWith('/')).toBe(true);
          else expect([400, 414]).toContain(r.status);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('splits origin-form into the path as sent and the query, dropping the fragment', () => {
    fc.assert(
      fc.property(path, fc.option(query), fc.option(fragment), (p, q, f) => {
        const target = `${p}${q === null ? '' : `?${q}`}${f === null ? '' : `#${f}`}`;
        const r = parseRequestTarget(target);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.path).toBe(p);
        expect(r.query.toString()).toBe(new URLSearchParams(q ?? '').toString());
      }),
      { numRuns: 3000 },
    );
  });

  it('reads absolute-form (what proxies send) as its path, and "//" as a path, not a host', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'HTTP', 'ws'),
        fc.string({ unit: fc.constantFrom(...'abc.:[]@0'.split('')), maxLength: 12 }),
        path,
        fc.option(query),
        (scheme, authority, p, q) => {
          const rest = `${p}${q === null ? '' : `?${q}`}`;
          const r = parseRequestTarget(`${scheme}://${authority.replace(/[/?#]/g, '')}${rest}`);
          expect(r).toMatchObject({ ok: true, path: p });
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseRequestTarget('//')).toMatchObject({ ok: true, path: '//' });
    expect(parseRequestTarget('http://host')).toMatchObject({ ok: true, path: '/' });
  });

  it('answers 400 to targets that are not a path (asterisk-form, authority-form, relative) and 414 to huge ones', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !s.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s)),
        (t) => {
          expect(parseRequestTarget(t)).toMatchObject({ ok: false, status: 400 });
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseRequestTarget('*')).toMatchObject({ ok: false, status: 400, error: expect.stringContaining('asterisk') });
    expect(parseRequestTarget('localhost:8080')).toMatchObject({ ok: false, status: 400 });
    fc.assert(
      fc.property(fc.integer({ min: MAX_TARGET_LENGTH, max: 100_000 }), (n) => {
        expect(parseRequestTarget(`/${'a'.repeat(n)}`)).toMatchObject({ ok: false, status: 414 });
      }),
      { numRuns: 50 },
    );
  });
});
