import type { Words } from './i18n.ts';
import { reactionIcon } from './reaction-icons.ts';

/** The emotion radios, named in the page's language (`audience.wording.<lang>.emotions`, else the id); the
 * choice is kept by id across a rebuild. Long names wrap inside their button (join.css). */
export function renderEmotions(list: HTMLElement, emotions: Readonly<Record<string, string>>, words: Words): void {
  const keep = selectedEmotion(list);
  list.replaceChildren(
    ...Object.entries(emotions).map(([id, color]) => {
      const label = document.createElement('label');
      label.className = 'emotion';
      label.style.setProperty('--emotion', color);
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'emotion';
      input.value = id;
      input.checked = id === keep;
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = color;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = words.emotion(id);
      label.append(input, dot, name);
      return label;
    }),
  );
}

export function selectedEmotion(list: HTMLElement): string {
  return list.querySelector<HTMLInputElement>('input:checked')?.value ?? '';
}

/** The reaction buttons: a picture where the kind has one, and always its name (what a screen reader says). */
export function renderReactions(
  list: HTMLElement,
  kinds: readonly string[],
  words: Words,
  enabled: boolean,
  onReact: (kind: string, button: HTMLButtonElement) => void,
): void {
  list.replaceChildren(
    ...kinds.map((kind) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'reaction';
      button.disabled = !enabled;
      const icon = reactionIcon(kind, document);
      if (icon) button.append(icon);
      const name = document.createElement('span');
      name.textContent = words.reaction(kind);
      button.append(name);
      button.addEventListener('click', () => onReact(kind, button));
      return button;
    }),
  );
}
