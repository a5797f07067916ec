import { Fragment, createContext, useContext, useEffect, useState, type Context, type ReactNode } from 'react';
import { makeTranslator, pickLanguage, type Message, type Translator } from './i18n.ts';

export interface StringsKit<K extends string> {
  /** The translator components read (tests give it their own; the page's Provider below). */
  readonly Context: Context<Translator<K>>;
  /** `const t = useT(); t('help.title')`. */
  readonly useT: () => Translator<K>;
  /** Gives the page the catalogue of the browser's language: English until it has loaded, and when none of
   * the browser's languages has one. Sets the document's `lang` to the language chosen. */
  readonly Provider: (props: { readonly languages: readonly string[]; readonly children: ReactNode }) => ReactNode;
}

/** One page's React side of its catalogue: each page (console, display) makes its own, so their keys stay
 * apart, and the language choice and loading are written once, here. */
export function stringsKit<K extends string>(
  english: Translator<K>,
  reference: { readonly [key in K]: Message },
  catalogues: Readonly<Record<string, () => Promise<{ readonly [key in K]: Message }>>>,
): StringsKit<K> {
  const Context = createContext<Translator<K>>(english);
  const useT = () => useContext(Context);
  function Provider({ languages, children }: { readonly languages: readonly string[]; readonly children: ReactNode }) {
    const [t, setT] = useState<Translator<K>>(() => english);
    const lang = pickLanguage(languages, Object.keys(catalogues));
    useEffect(() => {
      let live = true;
      void catalogues[lang]?.().then((catalogue) => {
        if (live) setT(() => makeTranslator(lang, catalogue, reference));
      });
      document.documentElement.lang = lang;
      return () => {
        live = false;
      };
    }, [lang]);
    return <Context.Provider value={t}>{children}</Context.Provider>;
  }
  return { Context, useT, Provider };
}

/**
 * A message with markup, as React nodes: `<kbd>…</kbd>` becomes a key cap, and a placeholder named in
 * `slots` becomes that node (call the translator without that parameter: an unfilled placeholder stays as
 * written, `{phase}`, for this to find). The message is never parsed as HTML: any other `<` stays text.
 */
export function richText(message: string, slots: Readonly<Record<string, ReactNode>> = {}): ReactNode[] {
  return message
    .split(/(<kbd>.*?<\/kbd>|\{\w+\})/)
    .filter((part) => part !== '')
    .map((part, i) => {
      const kbd = /^<kbd>(.*)<\/kbd>$/.exec(part);
      if (kbd) return <kbd key={i}>{kbd[1]}</kbd>;
      const slot = /^\{(\w+)\}$/.exec(part);
      if (slot?.[1] !== undefined && slot[1] in slots) return <Fragment key={i}>{slots[slot[1]]}</Fragment>;
      return part;
    });
}
