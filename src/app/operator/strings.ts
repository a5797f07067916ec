import { en } from './strings/en.ts';

/** A message: a template with `{name}` placeholders, or plural forms chosen from `{count}`. */
export type Message = string | { readonly one: string; readonly other: string; readonly [form: string]: string };
export type MessageKey = keyof typeof en;
/** A language's catalogue: every key English has (a missing one fails to compile). */
export type Catalogue = { readonly [K in MessageKey]: Message };
export type Params = Readonly<Record<string, string | number>>;

/** The languages the console speaks, each loaded only when chosen (a separate chunk once there are more). */
export const CATALOGUES: Readonly<Record<string, () => Promise<Catalogue>>> = {
  en: async () => en,
};
export const FALLBACK = 'en';

/** The first of the browser's languages (navigator.languages) that has a catalogue, by its full tag or its
 * primary language ("pt-BR" -> "pt"); English when none has. */
export function pickLanguage(preferred: readonly string[], available: readonly string[] = Object.keys(CATALOGUES)): string {
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

/** The console's translator: `t(key, params)`. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: string, catalogue: Catalogue): Translate {
  return (key, params) => formatMessage(lang, catalogue[key] ?? en[key], params);
}

/** English, at once (the catalogue the page starts with; others replace it when loaded). */
export const english: Translate = translator('en', en);

/** "just now", "42 s ago", "3 min ago", "2 h ago", in the console's language. */
export function agoText(t: Translate, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 1) return t('ago.now');
  if (seconds < 60) return t('ago.seconds', { n: Math.floor(seconds) });
  if (seconds < 3600) return t('ago.minutes', { n: Math.floor(seconds / 60) });
  return t('ago.hours', { n: Math.floor(seconds / 3600) });
}
