import { en } from './strings/en.ts';
import { FALLBACK, makeTranslator, pickLanguage as pickFrom, type Message, type Translator } from '../shared/i18n.ts';
export { FALLBACK, formatMessage, type Message, type Params } from '../shared/i18n.ts';

export type MessageKey = keyof typeof en;
/** A language's catalogue: every key English has (a missing one fails to compile). */
export type Catalogue = { readonly [K in MessageKey]: Message };

/** The languages the console speaks, each loaded only when chosen (a separate chunk once there are more). */
export const CATALOGUES: Readonly<Record<string, () => Promise<Catalogue>>> = {
  en: async () => en,
};

/** The console's language among those it has a catalogue for (see ../shared/i18n.ts). */
export function pickLanguage(preferred: readonly string[], available: readonly string[] = Object.keys(CATALOGUES)): string {
  return pickFrom(preferred, available);
}

/** The console's translator: `t(key, params)`. */
export type Translate = Translator<MessageKey>;

export function translator(lang: string, catalogue: Catalogue): Translate {
  return makeTranslator(lang, catalogue, en);
}

/** English, at once (the catalogue the page starts with; others replace it when loaded). */
export const english: Translate = translator(FALLBACK, en);

/** "just now", "42 s ago", "3 min ago", "2 h ago", in the console's language. */
export function agoText(t: Translate, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 1) return t('ago.now');
  if (seconds < 60) return t('ago.seconds', { n: Math.floor(seconds) });
  if (seconds < 3600) return t('ago.minutes', { n: Math.floor(seconds / 60) });
  return t('ago.hours', { n: Math.floor(seconds / 3600) });
}
