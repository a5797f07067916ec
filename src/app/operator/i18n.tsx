import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { CATALOGUES, english, pickLanguage, translator, type Translate } from './strings.ts';

/** The translator the panels read (tests give it their own; the page's StringsProvider below). */
export const StringsContext = createContext<Translate>(english);

/** The console's words: `const t = useT(); t('room.hide')`. */
export function useT(): Translate {
  return useContext(StringsContext);
}

/** Gives the console the catalogue of the browser's language (English until it has loaded, and when
 * none of the browser's languages has one). */
export function StringsProvider({ languages, children }: { readonly languages: readonly string[]; readonly children: ReactNode }) {
  const [t, setT] = useState<Translate>(() => english);
  const lang = pickLanguage(languages);
  useEffect(() => {
    let live = true;
    void CATALOGUES[lang]?.().then((catalogue) => {
      if (live) setT(() => translator(lang, catalogue));
    });
    document.documentElement.lang = lang;
    return () => {
      live = false;
    };
  }, [lang]);
  return <StringsContext.Provider value={t}>{children}</StringsContext.Provider>;
}
