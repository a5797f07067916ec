import type { EventLog } from '../../core/event-log.ts';
import type { ShowEvent, StoryBody } from '../../core/events.ts';
import type { Installation } from '../../core/installation.ts';
import { showAt, type DisplayedStory } from '../../core/show.ts';
import { revealsBetween } from '../../core/stories.ts';
import type { Seconds } from '../../core/units.ts';

/** A story the room has seen, as the console lists it for Hide. */
export interface RoomStory {
  readonly story: ShowEvent<StoryBody>;
  /** When it appeared in the room (its approval under moderation `before`, else its submission). */
  readonly shownAt: Seconds;
  /** On the screens now: its opacity there (0..1), undefined when it has left them. */
  readonly opacity?: number;
}

export interface RoomNow {
  /** What every screen shows now, newest first: exactly showAt's stories (memories of past shows aside). */
  readonly onDisplay: readonly RoomStory[];
  /** Stories the room saw earlier tonight, newest first, not hidden, at most `earlier` of them. */
  readonly earlier: readonly RoomStory[];
}

/**
 * "In the room now": the stories on display, from the same showAt the screens run, so what the console
 * lists is what the walls show, under every moderation mode (under `after` and `off` nothing else lists
 * them). Stories already hidden are not listed. O(stories) for `earlier`: for the console, not per frame.
 */
export function roomNow(installation: Installation, log: EventLog, now: Seconds, earlier = 20): RoomNow {
  const state = showAt(installation, log, now);
  const onDisplay: RoomStory[] = [];
  const shown = new Set<string>();
  for (const s of state.stories) {
    const story = s.memory === undefined ? log.storyById.get(s.id) : undefined;
    if (!story) continue;
    shown.add(s.id);
    onDisplay.push(entry(story, s));
  }
  const before: RoomStory[] = [];
  for (const r of revealsBetween(log, installation, -Infinity, now)) {
    if (before.length >= earlier) break;
    if (shown.has(r.story.id) || log.hiddenAt.has(r.story.id)) continue;
    before.push({ story: r.story, shownAt: r.t });
  }
  return { onDisplay, earlier: before };
}

const entry = (story: ShowEvent<StoryBody>, s: DisplayedStory): RoomStory => ({ story, shownAt: s.shownAt, opacity: s.opacity });
