import type { CatalogueKey } from './catalogue/en.ts';
import { LANGUAGES, type Language, type Words } from './i18n.ts';

/**
 * Puts the page's words in place: every element marked `data-i18n="key"` gets the catalogue's text, every
 * `data-own="key"` the installation's wording (else the catalogue's general words), and <html> gets the
 * language and its direction, so screen readers speak it in the right voice and Arabic reads right to
 * left. Text is set with textContent, never as markup.
 */
export function applyWords(doc: Document, language: Language, words: Words): void {
  doc.documentElement.lang = language.tag;
  doc.documentElement.dir = language.dir;
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = words.t(el.dataset.i18n as CatalogueKey);
  for (const el of doc.querySelectorAll<HTMLElement>('[data-own]')) {
    el.textContent = words.own(el.dataset.own as 'noun' | 'question' | 'prompt' | 'feeling' | 'consent');
  }
}

/** Fills the language picker (each language named in itself, with its lang, so a screen reader says
 * "日本語" in Japanese) and calls `onChange` with the chosen tag. */
export function languagePicker(select: HTMLSelectElement, current: Language, onChange: (tag: string) => void): void {
  select.replaceChildren(
    ...LANGUAGES.map((l) => {
      const option = document.createElement('option');
      option.value = l.tag;
      option.lang = l.tag;
      option.textContent = l.name;
      option.selected = l.tag === current.tag;
      return option;
    }),
  );
  select.addEventListener('change', () => onChange(select.value));
}
