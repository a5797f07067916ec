import { unhandled } from '../../core/never.ts';
import type { Reply, StoryOutcome } from '../../net/protocol.ts';

/** What the phone tells the person after Send. */
export interface Answer {
  readonly kind: 'shown' | 'held' | 'duplicate' | 'refused' | 'wait';
  readonly title: string;
  readonly detail: string;
  /** For rate limits: seconds until sending is possible again. */
  readonly retryAfter?: number;
}

/** Turns the server's reply to `story:submit` into words. */
export function storyAnswer(reply: Reply<{ outcome: StoryOutcome; seq: number }>): Answer {
  if (reply.ok) {
    switch (reply.outcome) {
      case 'shown':
        return { kind: 'shown', title: 'Your story is in the room', detail: 'Look up: it is appearing beside its material now.' };
      case 'held':
        return {
          kind: 'held',
          title: 'Your story arrived',
          detail: 'A moderator reads every story before it appears in the room. It will appear once approved.',
        };
      case 'duplicate':
        return { kind: 'duplicate', title: 'You had already sent this story', detail: 'It arrived the first time, and it is kept once: nothing more to do.' };
      default:
        // An outcome this page does not know (a newer server): said as a refusal below.
        unhandled(reply.outcome, undefined);
    }
  }
  if (!reply.ok && reply.retryAfter !== undefined && reply.retryAfter > 0) {
    // The server's own words name a wait that goes stale; the page counts down instead.
    return {
      kind: 'wait',
      title: 'Not sent: too many at once',
      detail: 'Each phone may send a few stories a minute, so that everyone gets a turn. Your text is still here.',
      retryAfter: reply.retryAfter,
    };
  }
  return { kind: 'refused', title: 'Your story was not accepted', detail: reply.ok ? '' : sentences(reply.error, reply.hint) };
}

/** "in 45 s", "in 2 min", "in 1 h 5 min": when a rate limit ends. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `in ${s} s`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `in ${m} min`;
  return `in ${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** The server's error and hint as sentences: "wrong join code" + "ask the operator" -> "Wrong join code.
 * Ask the operator." */
export function sentences(...parts: readonly (string | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .map((p) => {
      const t = p.trim();
      return `${t[0]?.toUpperCase() ?? ''}${t.slice(1)}${/[.!?)]$/.test(t) ? '' : '.'}`;
    })
    .join(' ');
}
