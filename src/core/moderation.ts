import type { ShowEvent, StoryBody } from './events.ts';
import type { EventLog } from './event-log.ts';
import type { Seconds } from './units.ts';

export type StoryStatus = 'held' | 'shown' | 'hidden';

/** Where a story stands at t under a moderation mode. */
export function storyStatus(log: EventLog, id: string, mode: 'before' | 'after' | 'off', t: Seconds): StoryStatus | undefined {
  const s = log.storyById.get(id);
  if (!s || s.t > t) return undefined;
  const hidden = log.hiddenAt.get(id);
  if (hidden !== undefined && hidden <= t) return 'hidden';
  if (mode !== 'before') return 'shown';
  const approved = log.approvedAt.get(id);
  return approved !== undefined && approved <= t ? 'shown' : 'held';
}

/** The moderation queue at t: stories submitted and neither approved nor hidden, oldest first. For the
 * operator console (O(stories)), not for the frame loop. */
export function moderationQueue(log: EventLog, t: Seconds): ShowEvent<StoryBody>[] {
  return log.stories.filter((s) => storyStatus(log, s.id, 'before', t) === 'held');
}
