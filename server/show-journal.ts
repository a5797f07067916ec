import type { EventLog } from '../src/core/event-log.ts';
import type { ShowEvent } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import { unhandled } from '../src/core/never.ts';
import { firstOutcome } from '../src/core/stories.ts';

/** How long a story's text may be on the terminal: enough to recognise it, not the whole of it. */
const QUOTE_LENGTH = 60;
const quote = (text: string) => {
  const points = [...text.replace(/\s+/g, ' ')];
  return JSON.stringify(points.length > QUOTE_LENGTH ? `${points.slice(0, QUOTE_LENGTH - 1).join('')}…` : points.join(''));
};
const clock = (t: number) => `t=${t.toFixed(1)}`;

/**
 * What the terminal says as the show goes on: each story (held or in the room), approval, hiding, cue and
 * glitch, as the technician at the laptop needs it. Reactions come in hundreds: they are left to the
 * operator console. One line per event, or undefined for an event not worth a line.
 */
export function journalLine(e: ShowEvent, log: EventLog, base: Installation | undefined): string | undefined {
  switch (e.type) {
    case 'story': {
      const held = firstOutcome(log, base, e) === 'held';
      return `${clock(e.t)} story ${e.id} on ${e.material} (${e.emotion}, ${e.lang})${held ? ' waits for approval' : ' is in the room'}: ${quote(e.text)}`;
    }
    case 'story-approved':
      return `${clock(e.t)} story ${e.id} approved: in the room now`;
    case 'story-hidden':
      return `${clock(e.t)} story ${e.id} hidden${e.reason ? ` (${quote(e.reason)})` : ''}`;
    case 'cue':
      return `${clock(e.t)} cue: phase "${e.phase}"`;
    case 'glitch':
      return `${clock(e.t)} glitch ${e.intensity.toFixed(2)} for ${e.seconds} s`;
    case 'blackout':
      return `${clock(e.t)} blackout ${e.on ? 'on: every screen to black, sound off' : 'off: the show comes back'} (fade ${e.seconds} s)`;
    case 'hold':
      return `${clock(e.t)} hold ${e.on ? 'on: every screen frozen, sound off' : 'released: the show runs on'}`;
    case 'installation':
      // The reload path says it with the version and what changed.
      return undefined;
    case 'reaction':
    case 'withheld':
      return undefined;
    default:
      return unhandled(e, undefined);
  }
}
