import { familyOrder, fontFor, guessedLang, hanOrderFor, INDEX_BUNDLE, pageKey, type HanOrder, type IndexPage } from './font-index.ts';
import { LruMap } from './lru-map.ts';
import { covers, type CodeRanges } from './story-text.ts';

/**
 * The served fonts as the browser's own text engine draws them (Canvas 2D, shaped by HarfBuzz: conjuncts,
 * reph, Arabic joining, emoji ZWJ sequences). Each served file is a FontFace of its own family
 * (`mw-<fileId>`), added to `document.fonts` and loaded only when a text needs one of its characters, so a
 * screen downloads only the files its stories use. For a text, every character DejaVu Sans lacks is given
 * the file the index names for it in the text's language (font-index.ts, the same rule troika's resolver
 * follows); the text is then drawn with the family list "DejaVu Sans, those files in the language's order".
 * The browser takes, for each character, the first family of the list that has it, which is that file:
 * DejaVu lacks it, and every file before it in that order lacks it too (the index names the first that has
 * it). Everything the list names is loaded before the text is drawn, so nothing is drawn with a font
 * still on its way, and every screen draws the same.
 */

/** What the display reads to choose among the fallback files (served as FONT_FACES_PATH). */
export interface FontFacesInfo {
  /** What DejaVu Sans, the first font of every text, draws. */
  readonly primary: CodeRanges;
  /** The fallback families, in the order a language without a Han preference takes them. */
  readonly families: readonly string[];
  readonly han: readonly HanOrder[];
}

export interface FontFaces {
  /** The CSS font-family list drawing `text` in language `lang`, once each file it needs is loaded. */
  prepare(text: string, lang: string | null): Promise<string>;
  /** The same list, without waiting, if every file it needs is already loaded (by `prepare` for this or
   * another text); else undefined. */
  prepared(text: string, lang: string | null): string | undefined;
  /** Fetches every index page at once (INDEX_BUNDLE), so that a text in a script not seen yet then waits
   * for its font files only. Resolves once they are in; a failure is the caller's to ignore (the pages are
   * then fetched one by one, as before). Asked again, it fetches again only after a failure. */
  preloadIndex(): Promise<void>;
}

/** The fonts the display draws text with. */
export interface StoryFont {
  /** DejaVu Sans as WOFF 1.0. */
  readonly url: string;
  /** Every code point some served font draws; anything else is drawn as U+FFFD (story-text.ts). */
  readonly coverage: CodeRanges;
  readonly faces: FontFaces;
}

/** Characters never looked up: whitespace, joiners and direction marks take the font of their neighbours. */
const PASS = /[\s\u200c\u200d\u200e\u200f]/u;

/** Texts whose family lists are remembered (most recently drawn first kept): a list forgotten is worked out
 * again at once from the pages and files already in (`prepared`), so the bound costs little. */
const REMEMBERED_TEXTS = 512;

/** DejaVu Sans's family name: the first of every list. */
export const PRIMARY_FAMILY = 'mw-primary';

export interface FontFacesOptions {
  readonly info: FontFacesInfo;
  /** DejaVu Sans (WOFF2). */
  readonly primaryUrl: string;
  /** The index's folder (FONT_FALLBACK_PATH), without the trailing slash. */
  readonly indexUrl: string;
  /** Default: the document's. */
  readonly fontSet?: FontFaceSet;
  /** Default: the global fetch. */
  readonly fetch?: (url: string) => Promise<Response>;
}

/** Loads DejaVu Sans, then answers family lists for texts, loading the files each needs. */
export async function createFontFaces(options: FontFacesOptions): Promise<FontFaces> {
  const { info, indexUrl } = options;
  const fontSet = options.fontSet ?? document.fonts;
  const get = options.fetch ?? ((url: string) => fetch(url));
  const primary = new FontFace(PRIMARY_FAMILY, `url("${options.primaryUrl}")`);
  fontSet.add(primary);
  await primary.load();

  const pages = new Map<string, Promise<IndexPage>>();
  /** The pages fetched so far, and the files loaded so far: what lets `prepared` answer at once. */
  const pagesIn = new Map<string, IndexPage>();
  const faces = new Map<string, Promise<void>>();
  const facesIn = new Set<string>();
  // The pages and files are bounded by what is served (a few hundred each); the texts are not (every story
  // is one): `lists` holds only those still loading, `done` the last REMEMBERED_TEXTS answered.
  const lists = new Map<string, Promise<string>>();
  const done = new LruMap<string, string>(REMEMBERED_TEXTS);

  const page = (key: string): Promise<IndexPage> => {
    let p = pages.get(key);
    if (!p) {
      p = get(`${indexUrl}/${key}`).then(async (res) => {
        if (!res.ok) throw new Error(`the font index page ${key} is missing (${res.status}): rebuild the client`);
        const p = schemaOne<IndexPage>(await res.json(), `the font index page ${key}`);
        pagesIn.set(key, p);
        return p;
      });
      // A failed fetch (a blip at the venue) is tried again by the next text, not remembered.
      p.catch(() => pages.delete(key));
      pages.set(key, p);
    }
    return p;
  };

  const schemaOne = <T>(body: unknown, what: string): T => {
    if (!Array.isArray(body) || body[0] !== 1) throw new Error(`${what} is not schema 1: rebuild the client`);
    return body[1] as T;
  };

  let bundle: Promise<void> | undefined;
  const preloadIndex = (): Promise<void> => {
    bundle ??= get(`${indexUrl}/${INDEX_BUNDLE}`).then(async (res) => {
      if (!res.ok) throw new Error(`the font index ${INDEX_BUNDLE} is missing (${res.status}): rebuild the client`);
      const all = schemaOne<Record<string, IndexPage>>(await res.json(), `the font index ${INDEX_BUNDLE}`);
      for (const [key, p] of Object.entries(all)) {
        pagesIn.set(key, p);
        // A page already on its way keeps its own fetch; every other one is answered from the bundle.
        if (!pages.has(key)) pages.set(key, Promise.resolve(p));
      }
    });
    bundle.catch(() => (bundle = undefined));
    return bundle;
  };

  const load = (id: string): Promise<void> => {
    let p = faces.get(id);
    if (!p) {
      const face = new FontFace(`mw-${id}`, `url("${indexUrl}/font-files/${id}/sans-serif.normal.400.woff2")`);
      fontSet.add(face);
      p = face.load().then(() => void facesIn.add(id));
      p.catch(() => {
        faces.delete(id);
        fontSet.delete(face);
      });
      faces.set(id, p);
    }
    return p;
  };

  /** A file's family: the longest family name it starts with (`noto-sans-jp-45` is `noto-sans-jp`'s). */
  const familyOf = (id: string): string => info.families.filter((f) => id.startsWith(`${f}-`)).reduce((a, b) => (b.length > a.length ? b : a), '');

  /** The code points of a text DejaVu Sans lacks, and the index pages that name their files. */
  const needs = (text: string): { codes: number[]; keys: string[] } => {
    const codes: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0) as number;
      if (!PASS.test(ch) && !covers(info.primary, code)) codes.push(code);
    }
    return { codes, keys: [...new Set(codes.map(pageKey))] };
  };

  /** The files a text needs, in its language's order, from the pages that hold its code points. */
  const filesFor = (codes: readonly number[], lang: string, byKey: ReadonlyMap<string, IndexPage>): string[] => {
    const ids = new Set<string>();
    for (const code of codes) {
      const id = fontFor(byKey.get(pageKey(code)) ?? {}, code, lang);
      if (id !== undefined) ids.add(id);
    }
    const order = familyOrder(info.families, hanOrderFor(info.han, lang));
    const rank = (id: string) => order.indexOf(familyOf(id));
    return [...ids].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  };

  const familyList = (ids: readonly string[]): string => [PRIMARY_FAMILY, ...ids.map((id) => `mw-${id}`)].map((f) => `"${f}"`).join(', ');

  const resolve = async (text: string, given: string | null): Promise<string> => {
    const lang = given ?? guessedLang(text);
    const { codes, keys } = needs(text);
    const byKey = new Map(await Promise.all(keys.map(async (k) => [k, await page(k)] as const)));
    const sorted = filesFor(codes, lang, byKey);
    await Promise.all(sorted.map(load));
    return familyList(sorted);
  };

  /** The list at once, when every page and file the text needs is already in (else undefined): a text in
   * a script already loaded is drawn in the frame it appears, not after the promise of `prepare`. */
  const resolveNow = (text: string, given: string | null): string | undefined => {
    const { codes, keys } = needs(text);
    if (!keys.every((k) => pagesIn.has(k))) return undefined;
    const sorted = filesFor(codes, given ?? guessedLang(text), pagesIn);
    return sorted.every((id) => facesIn.has(id)) ? familyList(sorted) : undefined;
  };

  return {
    preloadIndex,
    prepare(text, lang) {
      const key = `${lang ?? ''}\u0000${text}`;
      let p = lists.get(key);
      if (!p) {
        const known = done.get(key);
        if (known !== undefined) return Promise.resolve(known);
        p = resolve(text, lang).then((list) => {
          done.set(key, list);
          return list;
        });
        // Settled, it is no longer needed here (a failure is tried again by the next call).
        p.finally(() => lists.delete(key)).catch(() => {});
        lists.set(key, p);
      }
      return p;
    },
    prepared(text, lang) {
      const key = `${lang ?? ''}\u0000${text}`;
      const known = done.get(key);
      if (known !== undefined) return known;
      const now = resolveNow(text, lang);
      if (now !== undefined) done.set(key, now);
      return now;
    },
  };
}
