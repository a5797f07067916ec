import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installationSchema } from '../../src/core/schema/installation.ts';
import { dataLang } from '../../src/core/text.ts';

/**
 * The language of an installation's own texts (labels, captions, legends): a sculpture's `lang`, else the
 * installation's, else `und`; and the schema takes a language tag there and refuses anything else, saying
 * what it expected.
 */

const tag = fc.constantFrom('ja', 'zh-Hant', 'zh-TW', 'ko', 'en', 'pt-BR', 'zh-Hans');

describe('the language of the data texts', () => {
  it("is the sculpture's, else the installation's, else und", () => {
    fc.assert(
      fc.property(fc.option(tag, { nil: undefined }), fc.array(fc.option(tag, { nil: undefined }), { minLength: 1, maxLength: 4 }), (top, own) => {
        const spec = {
          ...(top !== undefined ? { lang: top } : {}),
          sculptures: own.map((lang, i) => ({ id: `s${i}`, ...(lang !== undefined ? { lang } : {}) })),
        };
        own.forEach((lang, i) => expect(dataLang(spec, `s${i}`)).toBe(lang ?? top ?? 'und'));
        expect(dataLang(spec, 'nobody')).toBe(top ?? 'und');
        expect(dataLang(spec, null)).toBe(top ?? 'und');
      }),
      { numRuns: 200 },
    );
  });

  it('is a language tag in the installation file', () => {
    const file = (lang: unknown, sculptureLang: unknown) => ({
      title: 'T',
      lang,
      data: { d: { file: 'd.csv' } },
      sculptures: [{ id: 's', data: 'd', lang: sculptureLang }],
    });
    expect(installationSchema.safeParse(file('ja', 'zh-Hant')).success).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom('japanese', 'j', '', 'zh_Hant', '日本語', 'en-'), fc.boolean(), (bad, top) => {
        const parsed = installationSchema.safeParse(top ? file(bad, 'ja') : file('ja', bad));
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues[0]?.message).toMatch(/expected a language tag such as "en", "pt-BR", "ja" or "ar"/);
        expect(parsed.error?.issues[0]?.path).toEqual(top ? ['lang'] : ['sculptures', 0, 'lang']);
      }),
      { numRuns: 24 },
    );
  });
});
