import type { Words } from './i18n.ts';
import { searchGroups, type AttachGroup } from './materials.ts';

/**
 * The list of what a story attaches to: one radio per group of rows of the same name (materials.ts),
 * with its count, a search box that filters it, and a line that says how many there are, how many match
 * and which is chosen (read out by screen readers as it changes). Plain DOM: a few hundred labels must
 * stay quick on a cheap phone, so the search only toggles `hidden` on the labels it built once.
 */
export interface AttachListElements {
  readonly search: HTMLInputElement;
  readonly list: HTMLElement;
  readonly summary: HTMLElement;
  readonly empty: HTMLElement;
}

export class AttachList {
  private groups: readonly AttachGroup[] = [];
  private labels: HTMLLabelElement[] = [];

  constructor(
    private readonly els: AttachListElements,
    private words: Words,
  ) {
    els.search.addEventListener('input', () => this.filter());
    els.list.addEventListener('change', () => this.summarise());
  }

  /** The chosen group, if any. */
  chosen(): AttachGroup | undefined {
    const input = this.els.list.querySelector<HTMLInputElement>('input:checked');
    return input ? this.groups[Number(input.value)] : undefined;
  }

  /** Focus for a problem with the choice: the search box, from which the list follows in tab order. */
  focus(): void {
    this.els.search.focus();
  }

  setWords(words: Words): void {
    this.words = words;
    this.render(this.groups);
  }

  /** Builds the list again (a new installation version): the choice is kept by its name. */
  render(groups: readonly AttachGroup[]): void {
    const keep = this.chosen()?.label;
    this.groups = groups;
    this.els.list.setAttribute('aria-label', this.words.own('noun'));
    this.labels = groups.map((g, i) => {
      const label = document.createElement('label');
      label.className = 'material';
      label.dataset.label = g.label;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'material';
      input.value = String(i);
      input.checked = g.label === keep;
      const name = document.createElement('span');
      name.className = 'name';
      name.dir = 'auto'; // data in any script: a Latin name reads left to right on an Arabic page
      name.textContent = g.label;
      label.append(input, name);
      if (g.category && g.category !== g.label) {
        const cat = document.createElement('span');
        cat.className = 'cat';
        cat.textContent = g.category;
        label.append(cat);
      }
      if (g.keys.length > 1) {
        // The number is seen; the sentence is heard ("50 in the data"), once.
        const count = document.createElement('span');
        count.className = 'n';
        count.setAttribute('aria-hidden', 'true');
        count.textContent = `×${g.keys.length}`;
        const spoken = document.createElement('span');
        spoken.className = 'visually-hidden';
        spoken.textContent = `, ${this.words.t('inData', { n: g.keys.length })}`;
        label.append(count, spoken);
      }
      return label;
    });
    this.els.list.replaceChildren(...this.labels);
    this.filter();
  }

  private filter(): void {
    const visible = new Set(searchGroups(this.groups, this.els.search.value).map((g) => g.label));
    const keep = this.chosen()?.label;
    for (const label of this.labels) {
      // The chosen one stays visible whatever the search, so the choice is never hidden from view.
      label.hidden = !visible.has(label.dataset.label ?? '') && label.dataset.label !== keep;
    }
    this.els.empty.hidden = visible.size > 0;
    this.summarise(visible.size);
  }

  private summarise(matching?: number): void {
    const g = this.chosen();
    const total = this.groups.length;
    const query = this.els.search.value.trim() !== '';
    const n = matching ?? searchGroups(this.groups, this.els.search.value).length;
    const count = query ? this.words.t('matches', { n, total }) : this.words.t('choose', { n: total });
    if (!g) {
      this.els.summary.textContent = count;
      return;
    }
    const strong = document.createElement('strong');
    strong.textContent = g.label;
    this.els.summary.replaceChildren(`${this.words.t('chosen')} `, strong, g.category && g.category !== g.label ? ` (${g.category})` : '');
  }
}
