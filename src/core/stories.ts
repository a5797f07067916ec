import type { ShowEvent, StoryApprovedBody, StoryBody } from './events.ts';
import { EventLog } from './event-log.ts';
import type { Installation } from './installation.ts';
import { unhandled } from './never.ts';
import type { Seconds } from './units.ts';

/**
 * The rules of a story's life, written once: showAt, the score, the public log, the moderation queue and
 * the phone's answer all ask here.
 *
 * - A story is moderated by the mode in force when it was submitted (the installation before it in seq
 *   order): a live edit that switches the mode changes nothing for stories already in, so a phone told
 *   `held` is never contradicted, and a story already shown never disappears for want of an approval.
 * - Under `before` it appears at its approval: the first approval of its id, which must come after it.
 *   Under `after` and `off` it appears at its submission.
 * - From its first hiding on it is gone, for good (an approval after a hiding reveals nothing).
 */

type Moderation = Installation['spec']['audience']['moderation'];

/** The moderation mode a story was submitted under. Without any installation (an empty server) the
 * strictest mode applies. */
export function moderationOf(log: EventLog, base: Installation | undefined, story: { readonly seq: number }): Moderation {
  return log.installationBefore(base, story.seq)?.spec.audience.moderation ?? 'before';
}

/** The approval that counts for a story: the first approval of its id, if it came after the story. */
export function approvalOf(log: EventLog, story: ShowEvent<StoryBody>): ShowEvent<StoryApprovedBody> | undefined {
  const at = log.approvedAt.get(story.id);
  if (at === undefined) return undefined;
  const i = EventLog.lastAtOrBefore(log.approvals, at);
  // approvals is sorted by t and holds one entry per id; equal t's sit together just before index i.
  for (let j = i; j >= 0 && (log.approvals[j] as ShowEvent).t === at; j--) {
    const a = log.approvals[j] as ShowEvent<StoryApprovedBody>;
    if (a.id === story.id) return a.seq > story.seq ? a : undefined;
  }
  return undefined;
}

/** When the room may first see the story (undefined: not yet, or never under this log). Hiding is not
 * applied here: see `hiddenBy`. */
export function revealedAt(log: EventLog, base: Installation | undefined, story: ShowEvent<StoryBody>): Seconds | undefined {
  if (moderationOf(log, base, story) !== 'before') return story.t;
  return approvalOf(log, story)?.t;
}

/** True when the story is hidden at or before t. */
export function hiddenBy(log: EventLog, id: string, t: Seconds): boolean {
  const h = log.hiddenAt.get(id);
  return h !== undefined && h <= t;
}

export interface Reveal {
  readonly story: ShowEvent<StoryBody>;
  /** When it appeared. */
  readonly t: Seconds;
  /** The event that revealed it: the story itself, or its approval. */
  readonly seq: number;
}

/** Stories that appeared in [from, to], newest first (ties: the later event first), hidden or not.
 * O(stories and approvals in the window) plus a bisection per candidate. */
export function revealsBetween(log: EventLog, base: Installation | undefined, from: Seconds, to: Seconds): Reveal[] {
  const out: Reveal[] = [];
  for (let i = EventLog.lastAtOrBefore(log.approvals, to); i >= 0; i--) {
    const a = log.approvals[i] as ShowEvent<StoryApprovedBody>;
    if (a.t < from) break;
    const story = log.storyById.get(a.id);
    if (story && story.seq < a.seq && moderationOf(log, base, story) === 'before') out.push({ story, t: a.t, seq: a.seq });
  }
  for (let i = EventLog.lastAtOrBefore(log.stories, to); i >= 0; i--) {
    const s = log.stories[i] as ShowEvent<StoryBody>;
    if (s.t < from) break;
    if (moderationOf(log, base, s) !== 'before') out.push({ story: s, t: s.t, seq: s.seq });
  }
  return out.sort((a, b) => b.t - a.t || b.seq - a.seq);
}

/** The moderation queue: stories submitted under `before`, neither approved nor hidden, oldest first.
 * For the operator (O(stories)), not for the frame loop. */
export function heldStories(log: EventLog, base: Installation | undefined): ShowEvent<StoryBody>[] {
  return log.stories.filter((s) => moderationOf(log, base, s) === 'before' && !approvalOf(log, s) && !log.hiddenAt.has(s.id));
}

/** What a phone is told when its story is stored: `held` under moderation `before`, else `shown`. */
export function firstOutcome(log: EventLog, base: Installation | undefined, story: ShowEvent<StoryBody>): 'held' | 'shown' {
  return moderationOf(log, base, story) === 'before' ? 'held' : 'shown';
}

/** Does this event change the moderation queue (so the operators are sent it again)? */
export function changesQueue(e: ShowEvent): boolean {
  switch (e.type) {
    case 'story':
    case 'story-approved':
    case 'story-hidden':
    case 'installation':
      return true;
    case 'withheld':
    case 'cue':
    case 'glitch':
    case 'blackout':
    case 'hold':
    case 'reaction':
      return false;
    default:
      return unhandled(e, true);
  }
}
