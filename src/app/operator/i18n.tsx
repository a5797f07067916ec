import { stringsKit } from '../shared/strings-kit.tsx';
import { en } from './strings/en.ts';
import { CATALOGUES, english } from './strings.ts';

const kit = stringsKit(english, en, CATALOGUES);

/** The translator the panels read (tests give it their own; the page's StringsProvider below). */
export const StringsContext = kit.Context;
/** The console's words: `const t = useT(); t('room.hide')`. */
export const useT = kit.useT;
/** Gives the console the catalogue of the browser's language (English until it has loaded, and when none of
 * the browser's languages has one). */
export const StringsProvider = kit.Provider;
