/**
 * What every page's catalogue shares (the console's in src/app/operator/strings.ts, the display page's in
 * src/app/display/strings.ts): messages as templates with `{name}` placeholders or plural forms, the choice
 * of a language from the browser's, and the filling in. Each page keeps its own keys and its own English
 * reference file; a word shown on both (the replay transport) lives once, in ./strings/.
 */

/** A message: a template with `{name}` placeholders, or plural forms chosen from `{count}`. */
export type Message = string | { readonly one: string; readonly other: string; readonly [form: string]: string };
export type Params = Readonly<Record<string, string | number>>;
/** A page's translator over its keys: `t(key, params)`. */
export type Translator<K extends string> = (key: K, params?: Params) => string;

export const FALLBACK = 'en';

/** The first of the browser's languages (navigator.languages) that has a catalogue, by its full tag or its
 * primary language ("pt-BR" -> "pt"); English when none has. */
export function pickLanguage(preferred: readonly string[], available: readonly string[]): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((a) => a.toLowerCase() === lower);
    if (exact) return exact;
    const primary = available.find((a) => a.toLowerCase() === lower.split('-')[0]);
    if (primary) return primary;
  }
  return FALLBACK;
}

/** Fills a message's placeholders; a placeholder without a value is left as written, so it shows. */
export function formatMessage(lang: string, message: Message, params: Params = {}): string {
  let template: string;
  if (typeof message === 'string') template = message;
  else {
    const count = Number(params.count ?? 0);
    template = message[new Intl.PluralRules(lang).select(count)] ?? message.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator for `lang` from its catalogue, falling back to the English reference for a key it lacks
 * (a catalogue loaded at run time is not checked by the compiler). */
export function makeTranslator<K extends string>(
  lang: string,
  catalogue: { readonly [key in K]: Message },
  reference: { readonly [key in K]: Message },
): Translator<K> {
  return (key, params) => formatMessage(lang, catalogue[key] ?? reference[key], params);
}
