import type { EventLog } from '../../core/event-log.ts';
import type { Seconds } from '../../core/units.ts';
import { safeGet, safeSet, type KeyValueStore } from '../shared/ids.ts';

/**
 * What became of this phone's own stories. The phone's log (the audience view, src/core/projection.ts)
 * holds every approval and every hiding by story id, and keeps each story's seq and t as a `withheld`
 * event; the phone remembers the ids it sent (with the seq and first answer the server gave), so it can
 * tell, by the rules of src/core/stories.ts:
 * - hidden: a hiding of its id is in the log (from then on it is gone for good, whatever came before);
 * - held: sent under moderation `before` and not approved yet;
 * - on display: in the room since its approval (`before`) or its submission (`after`/`off`), for
 *   `audience.stories.display.seconds`;
 * - shown: that time is over.
 * "On display" is the story's own window; the room shows at most `display.max` stories at once, newest
 * first, and the phone cannot see the others' (their events are withheld from phones), so in a crowded
 * minute a story can be crowded out of its window early.
 */
export interface MyStory {
  readonly id: string;
  /** The seq the server gave it. */
  readonly seq: number;
  readonly outcome: 'held' | 'shown';
  /** The first words, so the person knows which story a line is about. */
  readonly excerpt: string;
}

export type StoryStatus = 'held' | 'approved' | 'on-display' | 'shown' | 'hidden';

export function storyStatus(story: MyStory, log: EventLog, now: Seconds, displaySeconds: Seconds): StoryStatus {
  if (log.hiddenAt.has(story.id)) return 'hidden';
  if (story.outcome === 'held') {
    const at = log.approvedAt.get(story.id);
    if (at === undefined) return 'held';
    return now - at <= displaySeconds ? 'approved' : 'shown';
  }
  const own = log.since(story.seq - 1)[0];
  // Before the log has reached the story's seq (just answered), it is in the room from now on.
  const at = own && own.seq === story.seq ? own.t : now;
  return now - at <= displaySeconds ? 'on-display' : 'shown';
}

/** At most this many stories are remembered (the newest). */
export const MY_STORIES_KEPT = 10;

/** The phone's own stories, newest first, kept in localStorage so a reload still follows them. */
export class MyStories {
  private list: MyStory[];

  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly key = 'meshwork.mine',
  ) {
    this.list = parse(safeGet(store, key));
  }

  get all(): readonly MyStory[] {
    return this.list;
  }

  /** Remembers a story the server accepted; the same id twice (a duplicate answer) is kept once. */
  add(story: MyStory): void {
    if (this.list.some((s) => s.id === story.id)) return;
    this.list = [story, ...this.list].slice(0, MY_STORIES_KEPT);
    safeSet(this.store, this.key, JSON.stringify(this.list));
  }
}

function parse(text: string | null): MyStory[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v
      .filter(
        (s): s is MyStory =>
          !!s &&
          typeof s === 'object' &&
          typeof s.id === 'string' &&
          Number.isInteger(s.seq) &&
          (s.outcome === 'held' || s.outcome === 'shown') &&
          typeof s.excerpt === 'string',
      )
      .slice(0, MY_STORIES_KEPT);
  } catch {
    return []; // a damaged entry is forgotten, nothing else depends on it
  }
}

/** The first words of a story, cut at a word boundary where there is one. */
export function excerpt(text: string, max = 48): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
