import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/scene/lru-map.ts';

/** The LRU map against a model: a list of keys, most recently used last, cut to the limit. */
describe('LruMap', () => {
  it('keeps the `limit` most recently used entries, with their latest values', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 12 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 80 }), (limit, ops) => {
        const lru = new LruMap<number, number>(limit);
        let model: [number, number][] = [];
        for (const o of ops) {
          const at = model.findIndex(([k]) => k === o.key);
          if (o.kind === 'set') {
            lru.set(o.key, o.value);
            model = [...model.filter(([k]) => k !== o.key), [o.key, o.value] as [number, number]].slice(-limit);
          } else if (o.kind === 'get') {
            expect(lru.get(o.key)).toBe(at >= 0 ? model[at]?.[1] : undefined);
            if (at >= 0) model = [...model.filter(([k]) => k !== o.key), model[at] as [number, number]];
          } else {
            lru.delete(o.key);
            model = model.filter(([k]) => k !== o.key);
          }
          expect(lru.size).toBe(model.length);
          expect(lru.size).toBeLessThanOrEqual(limit);
        }
        for (const [k, v] of model) expect(lru.get(k)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a limit below 1', () => {
    expect(() => new LruMap(0)).toThrow(/at least 1/);
  });
});
