import { describe, expect, it } from 'vitest';
import { fontCatalogue } from '../../server/font-catalogue.ts';
import { resolverData } from '../../server/font-resolver-data.ts';
import { INDEX_BUNDLE } from '../../src/scene/font-index.ts';

/** The index in one file (what a display preloads) is every page of the index, each as served alone. */
describe('the font index bundle', () => {
  it('holds every codepoint-index page, equal to the page served alone, and nothing else', () => {
    const data = resolverData(fontCatalogue());
    const read = (path: string): unknown => JSON.parse((data.get(path) as () => Buffer)().toString('utf8'));
    const bundle = read(INDEX_BUNDLE) as [number, Record<string, unknown>];
    expect(bundle[0]).toBe(1);
    const pages = [...data.keys()].filter((k) => k.startsWith('codepoint-index/plane'));
    expect(pages.length).toBeGreaterThan(300);
    expect(Object.keys(bundle[1]).sort()).toEqual(pages.sort());
    for (const key of pages) expect(bundle[1][key], key).toEqual((read(key) as [number, unknown])[1]);
  }, 60_000);
});
