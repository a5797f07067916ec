import type { Words } from './i18n.ts';
import type { MyStory, StoryStatus } from './story-status.ts';

const STATUS_WORD: Readonly<Record<StoryStatus, 'statusHeld' | 'statusApproved' | 'statusOnDisplay' | 'statusShown' | 'statusHidden'>> = {
  held: 'statusHeld',
  approved: 'statusApproved',
  'on-display': 'statusOnDisplay',
  shown: 'statusShown',
  hidden: 'statusHidden',
};

/**
 * "Your stories": each of the phone's own stories with what became of it (story-status.ts). The list is
 * rebuilt only when a status (or the language) changed, since a screen reader reads a live region again
 * on every change.
 */
export function renderMine(
  section: HTMLElement,
  list: HTMLElement,
  stories: readonly MyStory[],
  statuses: readonly StoryStatus[],
  words: Words,
  languageTag: string,
): void {
  section.hidden = stories.length === 0;
  const key = `${stories.map((s, i) => `${s.id}:${statuses[i] ?? ''}`).join()};${languageTag}`;
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(
    ...stories.map((s, i) => {
      const status = statuses[i] ?? 'held';
      const li = document.createElement('li');
      li.dataset.status = status;
      const state = document.createElement('strong');
      state.textContent = words.t(STATUS_WORD[status]);
      const text = document.createElement('span');
      // Written in any language: its own direction, whatever the page's.
      text.dir = 'auto';
      text.textContent = s.excerpt;
      li.append(state, text);
      return li;
    }),
  );
}
