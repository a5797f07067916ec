import type { EventLog } from '../src/core/event-log.ts';
import type { ShowEvent, StoryBody } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import type { Seconds } from '../src/core/units.ts';

/**
 * What each role may see of the log. The operator sees every event. Viewers and audience see the public
 * log: the same seq numbering (so reconnecting by lastSeq works and EventLog's no-gap rule holds), with
 * every event they may not see replaced by a `withheld` marker:
 * - a story submitted under moderation `before` is withheld at its own seq; its approval carries it
 *   (`story-approved` with `story`), so it appears exactly when the room may see it;
 * - a hidden story's text is never sent again: once hidden, the story is withheld for whoever fetches the
 *   log afterwards (a client that received it before keeps its copy, and showAt stops showing it at the
 *   hiding, so every screen still renders the same);
 * - the hiding of a story the public never saw is withheld too (it would reveal the queue).
 * The projection of an event depends only on the full log, so every viewer that asks gets the same one.
 */

type Moderation = Installation['spec']['audience']['moderation'];

/** The moderation mode in force at t (a live edit may change it). */
export function moderationAt(log: EventLog, base: Installation, t: Seconds): Moderation {
  return log.installationAt(base, t).spec.audience.moderation;
}

const publicCopies = new WeakMap<Installation, Installation>();

/** The installation as viewers and phones receive it: without the join code (it gates them; sending it to
 * them would give it to anyone who opens a page). Everything the show renders is unchanged, the version
 * too. One copy per installation version. */
export function publicInstallation(installation: Installation): Installation {
  if (installation.spec.audience.joinCode === undefined) return installation;
  let copy = publicCopies.get(installation);
  if (!copy) {
    const { joinCode: _secret, ...audience } = installation.spec.audience;
    copy = { ...installation, spec: { ...installation.spec, audience } };
    publicCopies.set(installation, copy);
  }
  return copy;
}

const withheld = (e: ShowEvent): ShowEvent => ({ type: 'withheld', seq: e.seq, t: e.t });

export function publicEvent(e: ShowEvent, log: EventLog, base: Installation): ShowEvent {
  switch (e.type) {
    case 'story': {
      if (log.hiddenAt.has(e.id)) return withheld(e);
      return moderationAt(log, base, e.t) === 'before' ? withheld(e) : e;
    }
    case 'story-approved': {
      const story = log.storyById.get(e.id);
      const plain: ShowEvent = { type: 'story-approved', id: e.id, seq: e.seq, t: e.t };
      if (!story || log.hiddenAt.has(e.id) || moderationAt(log, base, story.t) !== 'before') return plain;
      return { ...plain, story };
    }
    case 'story-hidden': {
      const story = log.storyById.get(e.id);
      if (!story || moderationAt(log, base, story.t) !== 'before') return e;
      const approved = log.approvedAt.get(e.id);
      return approved !== undefined && approved <= e.t ? e : withheld(e);
    }
    case 'installation':
      return e.installation.spec.audience.joinCode === undefined ? e : { ...e, installation: publicInstallation(e.installation) };
    default:
      return e;
  }
}

export function publicEvents(events: readonly ShowEvent[], log: EventLog, base: Installation): ShowEvent[] {
  return events.map((e) => publicEvent(e, log, base));
}

/** What a phone may see: it does not render the log, so of the public log it keeps what the join page
 * uses (installation versions) and what concerns stories' moderation (approvals by id only, hidings);
 * stories, cues, glitches and reactions become `withheld` markers (the seq run stays whole). The
 * `projection` work in src/core is to take this rule over (its audience view is the same). */
export function audienceEvents(events: readonly ShowEvent[], log: EventLog, base: Installation): ShowEvent[] {
  return events.map((e) => {
    switch (e.type) {
      case 'installation':
      case 'story-hidden':
        return publicEvent(e, log, base);
      case 'story-approved':
        return { type: 'story-approved', id: e.id, seq: e.seq, t: e.t };
      default:
        return withheld(e);
    }
  });
}

/** The log as an archive keeps it: stories without consent to be kept, and hidden stories, are withheld
 * (their seq stays); everything else is as it happened, so the archive replays the show as the room saw
 * it, minus what may not be kept. */
export function archiveEvents(log: EventLog): ShowEvent[] {
  return log.events.map((e) => {
    if (e.type === 'story' && (!e.consent || log.hiddenAt.has(e.id))) return withheld(e);
    return e;
  });
}

/** Stories waiting for the operator: submitted under moderation `before`, neither approved nor hidden,
 * oldest first. */
export function heldStories(log: EventLog, base: Installation): ShowEvent<StoryBody>[] {
  return log.stories.filter(
    (s) => !log.approvedAt.has(s.id) && !log.hiddenAt.has(s.id) && moderationAt(log, base, s.t) === 'before',
  );
}
