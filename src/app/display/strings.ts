import { FALLBACK, makeTranslator, type Message, type Translator } from '../shared/i18n.ts';
import { stringsKit } from '../shared/strings-kit.tsx';
import type { SoundWords } from '../../audio/SoundGate.tsx';
import { displayEn } from './strings/en.ts';

export type DisplayKey = keyof typeof displayEn;
/** A language's catalogue for the display page: every key English has (a missing one fails to compile). */
export type DisplayCatalogue = { readonly [K in DisplayKey]: Message };
export type DisplayTranslate = Translator<DisplayKey>;

/** The languages the display page speaks, each loaded only when chosen (a separate chunk once there are
 * more: a wall downloads only its own). */
export const DISPLAY_CATALOGUES: Readonly<Record<string, () => Promise<DisplayCatalogue>>> = {
  en: async () => displayEn,
};

/** English, at once: the page starts with it, and a key missing from a loaded catalogue falls back to it. */
export const displayEnglish: DisplayTranslate = makeTranslator(FALLBACK, displayEn, displayEn);

/** The sound gate's words from the page's catalogue. */
export function soundWords(t: DisplayTranslate): SoundWords {
  return {
    stopped: t('sound.stopped'),
    starting: t('sound.starting'),
    tap: t('sound.tap'),
    mute: t('sound.mute'),
    unmute: t('sound.unmute'),
    on: t('sound.on'),
    muted: t('sound.muted'),
  };
}

const kit = stringsKit(displayEnglish, displayEn, DISPLAY_CATALOGUES);
/** The translator the display's components read (tests give it their own). */
export const DisplayStringsContext = kit.Context;
/** `const t = useDisplayT(); t('help.fullscreen')`. */
export const useDisplayT = kit.useT;
/** Gives the page the catalogue of the browser's language (a kiosk's is its --lang). */
export const DisplayStringsProvider = kit.Provider;
