import en, { type Catalogue, type CatalogueKey } from './catalogue/en.ts';
import type { Wording, WordingEntry } from '../../core/schema/wording.ts';

/**
 * The phone page's languages. English is in the page (the fallback, and what the HTML says before any
 * script runs); every other catalogue is its own small chunk, fetched only when chosen, so a phone loads
 * one language, not seven. Rules:
 * - The language is the one chosen on the page (kept in localStorage), else the first of the browser's
 *   languages (navigator.languages) with a catalogue, by exact tag or primary language (`pt-BR` -> `pt`),
 *   else English.
 * - The page's direction follows the language (`rtl` for Arabic), set on <html> with its lang.
 */
export interface Language {
  readonly tag: string;
  /** The language's name in itself, as the picker lists it. */
  readonly name: string;
  readonly dir: 'ltr' | 'rtl';
}

export const LANGUAGES: readonly Language[] = [
  { tag: 'en', name: 'English', dir: 'ltr' },
  { tag: 'es', name: 'Español', dir: 'ltr' },
  { tag: 'pt', name: 'Português', dir: 'ltr' },
  { tag: 'fr', name: 'Français', dir: 'ltr' },
  { tag: 'de', name: 'Deutsch', dir: 'ltr' },
  { tag: 'ja', name: '日本語', dir: 'ltr' },
  { tag: 'ar', name: 'العربية', dir: 'rtl' },
];

const LOADERS: Readonly<Record<string, () => Promise<{ default: Catalogue }>>> = {
  es: () => import('./catalogue/es.ts'),
  pt: () => import('./catalogue/pt.ts'),
  fr: () => import('./catalogue/fr.ts'),
  de: () => import('./catalogue/de.ts'),
  ja: () => import('./catalogue/ja.ts'),
  ar: () => import('./catalogue/ar.ts'),
};

export const ENGLISH: Catalogue = en;

const primary = (tag: string): string => tag.split('-')[0]?.toLowerCase() ?? '';

/** The catalogue language for a tag: exact (case-insensitive) or by primary language; undefined if none. */
export function catalogueLanguage(tag: string): Language | undefined {
  const lower = tag.toLowerCase();
  return LANGUAGES.find((l) => l.tag === lower) ?? LANGUAGES.find((l) => l.tag === primary(lower));
}

/** The page's language: the stored choice, else the browser's first language with a catalogue, else English. */
export function chooseLanguage(stored: string | null, browser: readonly string[]): Language {
  for (const tag of [...(stored ? [stored] : []), ...browser]) {
    const l = catalogueLanguage(tag);
    if (l) return l;
  }
  return LANGUAGES[0] as Language;
}

/** The catalogue of a language: English at once, others fetched (a failed fetch gives English, so the
 * page always has words). */
export async function loadCatalogue(tag: string): Promise<Catalogue> {
  const load = LOADERS[tag];
  if (!load) return en;
  try {
    return (await load()).default;
  } catch {
    return en;
  }
}

/** Fills `{name}` with vars[name]; a name without a value stays as written, so a mistake shows. */
export function format(text: string, vars: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The names `{...}` a text fills in, sorted: every catalogue must use the same ones as English. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** The installation's wording for a language: exact tag, else one of the same primary language. */
export function wordingFor(wording: Wording | undefined, tag: string): WordingEntry | undefined {
  if (!wording) return undefined;
  const entries = Object.entries(wording);
  const lower = tag.toLowerCase();
  return (entries.find(([k]) => k.toLowerCase() === lower) ?? entries.find(([k]) => primary(k) === primary(lower)))?.[1];
}

/** The words a page shows: the catalogue, with the installation's wording in the same language in place of
 * the general ones it overrides. */
export interface Words {
  readonly t: (key: CatalogueKey, vars?: Readonly<Record<string, string | number>>) => string;
  /** What stories attach to, the questions and the consent: the installation's, else the catalogue's. */
  readonly own: (key: 'noun' | 'question' | 'prompt' | 'feeling' | 'consent') => string;
  readonly searchHint: string;
  readonly placeholder: string;
  readonly emotion: (id: string) => string;
  readonly reaction: (kind: string) => string;
}

export function words(catalogue: Catalogue, entry: WordingEntry | undefined): Words {
  return {
    // A key the catalogue lacks (a page newer than a cached chunk) reads in English rather than breaking.
    t: (key, vars) => format(catalogue[key] ?? en[key] ?? key, vars),
    own: (key) => entry?.[key] ?? catalogue[key] ?? en[key],
    searchHint: entry?.search ?? catalogue.searchHint,
    placeholder: entry?.placeholder ?? '',
    emotion: (id) => entry?.emotions?.[id] ?? id,
    reaction: (kind) => entry?.reactions?.[kind] ?? kind,
  };
}
