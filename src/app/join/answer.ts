import { unhandled } from '../../core/never.ts';
import type { ErrorReply, Refusal, Reply, StoryOutcome } from '../../net/protocol.ts';
import en, { type Catalogue } from './catalogue/en.ts';
import { format } from './i18n.ts';

/** What the phone tells the person after Send. */
export interface Answer {
  readonly kind: 'shown' | 'held' | 'duplicate' | 'refused' | 'wait';
  readonly title: string;
  readonly detail: string;
  /** For rate limits: seconds until sending is possible again. */
  readonly retryAfter?: number;
}

/** Turns the server's reply to `story:submit` into words. */
export function storyAnswer(reply: Reply<{ outcome: StoryOutcome; seq: number }>, t: Catalogue = en): Answer {
  if (reply.ok) {
    switch (reply.outcome) {
      case 'shown':
        return { kind: 'shown', title: t.shownTitle, detail: t.shownDetail };
      case 'held':
        return { kind: 'held', title: t.heldTitle, detail: t.heldDetail };
      case 'duplicate':
        return { kind: 'duplicate', title: t.duplicateTitle, detail: t.duplicateDetail };
      default:
        // An outcome this page does not know (a newer server): said as a refusal below.
        unhandled(reply.outcome, undefined);
    }
  }
  if (!reply.ok && reply.retryAfter !== undefined && reply.retryAfter > 0) {
    // The server's own words name a wait that goes stale; the page counts down instead.
    return { kind: 'wait', title: t.waitTitle, detail: t.waitDetail, retryAfter: reply.retryAfter };
  }
  return { kind: 'refused', title: t.refusedTitle, detail: reply.ok ? '' : refusalText(reply, t) };
}

const value = (reply: ErrorReply, name: string): number => Number(reply.values?.[name] ?? Number.NaN);

/** The phone's words for a refusal whose `reason` it knows (src/net/protocol.ts REFUSALS), else for its
 * `code` where that says enough, else the server's English (a newer server's refusal still reads). */
export function refusalText(reply: ErrorReply, t: Catalogue = en): string {
  const reason: Refusal | undefined = reply.reason;
  switch (reason) {
    case 'stories-closed':
      return t.storiesOffText;
    case 'story-too-long': {
      const n = value(reply, 'length') - value(reply, 'max');
      if (!(n > 0)) break;
      return format(n === 1 ? t.tooLongOne : t.tooLongOther, { n, max: value(reply, 'max') });
    }
    case 'unknown-emotion':
      return t.feelingGone;
    case 'unknown-material':
      return t.thingGone;
    case 'reactions-closed':
      return t.reactionsOff;
    case 'unknown-reaction':
      return t.reactionGone;
    case 'join-code-missing':
      return t.codeMissing;
    case 'join-code-wrong':
      return t.codeWrong;
    case 'too-many-connections':
      return t.tooManyConnections;
    case 'show-starting':
      return t.showStarting;
    case 'replay':
      return t.replayOnly;
    case undefined:
      break;
    default:
      // A reason this page does not know (a newer server): its English below.
      unhandled(reason, undefined);
  }
  // A payload the server does not take is this page's fault, not the person's: it is out of date.
  if (reply.code === 'invalid') return t.outdated;
  return sentences(reply.error, reply.hint);
}

/** "in 45 s", "in 2 min", "in 1 h 5 min": when a rate limit ends. */
export function formatWait(seconds: number, t: Catalogue = en): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return format(t.inSeconds, { n: s });
  const m = Math.ceil(s / 60);
  if (m < 60) return format(t.inMinutes, { n: m });
  return format(m % 60 ? t.inHoursMinutes : t.inHours, { h: Math.floor(m / 60), m: m % 60 });
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
