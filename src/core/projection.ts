import type {
  BlackoutBody,
  CueBody,
  GlitchBody,
  HoldBody,
  InstallationBody,
  ReactionBody,
  ShowEvent,
  StoryApprovedBody,
  StoryBody,
  StoryHiddenBody,
} from './events.ts';
import { EventLog } from './event-log.ts';
import type { Installation } from './installation.ts';
import { unhandled } from './never.ts';
import { approvalOf, moderationOf, revealedAt } from './stories.ts';

/**
 * What each view of the show may see of the log: one pure rule, decided per event type (default deny: an
 * unknown type is withheld) and per field (events are rebuilt from the fields a view may have, never
 * copied whole, so a field added to an event stays with the operator until a view is given it here).
 *
 * Every view keeps the log's seq numbering: an event a view may not see becomes `{ type: 'withheld',
 * seq, t }`, so reconnecting by lastSeq works and EventLog's no-gap rule holds.
 *
 * - `operator`: everything.
 * - `viewer` (headsets, walls, previews; the HTTP snapshot): what the room sees.
 *   - A story is shown at its own seq under moderation `after`/`off`; under `before` it is withheld there
 *     and its approval carries it (`story-approved` with `story`), so it appears exactly when the room
 *     may see it. Later approvals of the same id carry nothing.
 *   - A hidden story's text is not sent again: once hidden, its own event is withheld and its approval
 *     carries only the id. The hiding is sent (without the operator's reason) when the room had seen the
 *     story by then; the hiding of a story the room never saw is withheld (it would reveal the queue).
 *   - Installation versions come without the join code (it gates the pages; sending it would give it to
 *     anyone who opens one).
 * - `audience` (phones): a phone does not render the log. It needs the installation versions (materials,
 *   emotions, limits, moderation mode, wording) and what concerns stories' moderation: every approval and
 *   every hiding, by id only, so a phone can tell its author whether its story was approved or hidden
 *   (src/app/join/story-status.ts). Unlike viewers, phones get the hiding of a story the room never saw:
 *   the id is a random one only its author's phone knows, and phones get no story text at all, so it
 *   tells the others nothing but that some story was hidden. Stories, cues, glitches, blackouts, holds and
 *   reactions are
 *   withheld.
 * - `archive`: what the room saw, less stories without consent. Kept stories stand at their own seq and
 *   approvals carry only the id (the shape src/core/archive.ts reads); showAt replays it as the room saw
 *   it, since a story submitted under `before` still appears at its approval.
 *
 * Live and late agree. A view of one event depends on the log before it, except for one thing: whether
 * the story was hidden later. A client that receives events as they are appended therefore applies a
 * later hiding to what it holds (EventLog's `redactHidden`, on every viewer's and phone's log), and then
 * holds exactly what `viewLog` gives a client joining at that moment (tests/core/projection.property.test.ts).
 */
export type View = 'operator' | 'viewer' | 'audience' | 'archive';

type Withheld = ShowEvent & { readonly type: 'withheld' };
const withheld = (e: ShowEvent): Withheld => ({ type: 'withheld', seq: e.seq, t: e.t });

const publicCopies = new WeakMap<Installation, Installation>();

/** The installation as every view but the operator's receives it: without the join code. Everything the
 * show renders is unchanged, the version too. One copy per installation version. */
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

/** The installation a view receives (in a welcome, a snapshot or an archive). */
export function installationFor(view: View, installation: Installation): Installation {
  return view === 'operator' ? installation : publicInstallation(installation);
}

const cue = (e: ShowEvent<CueBody>): ShowEvent<CueBody> => ({
  type: 'cue',
  phase: e.phase,
  ...(e.offset !== undefined ? { offset: e.offset } : {}),
  seq: e.seq,
  t: e.t,
});
const glitch = (e: ShowEvent<GlitchBody>): ShowEvent<GlitchBody> => ({ type: 'glitch', intensity: e.intensity, seconds: e.seconds, seq: e.seq, t: e.t });
const blackout = (e: ShowEvent<BlackoutBody>): ShowEvent<BlackoutBody> => ({ type: 'blackout', on: e.on, seconds: e.seconds, seq: e.seq, t: e.t });
const hold = (e: ShowEvent<HoldBody>): ShowEvent<HoldBody> => ({ type: 'hold', on: e.on, seq: e.seq, t: e.t });
const reaction = (e: ShowEvent<ReactionBody>): ShowEvent<ReactionBody> => ({
  type: 'reaction',
  kind: e.kind,
  ...(e.material !== undefined ? { material: e.material } : {}),
  seq: e.seq,
  t: e.t,
});
const story = (e: ShowEvent<StoryBody>): ShowEvent<StoryBody> => ({
  type: 'story',
  id: e.id,
  text: e.text,
  emotion: e.emotion,
  material: e.material,
  lang: e.lang,
  consent: e.consent,
  seq: e.seq,
  t: e.t,
});
const approval = (e: ShowEvent<StoryApprovedBody>, revealed?: ShowEvent<StoryBody>): ShowEvent<StoryApprovedBody> => ({
  type: 'story-approved',
  id: e.id,
  ...(revealed ? { story: story(revealed) } : {}),
  seq: e.seq,
  t: e.t,
});
const hiding = (e: ShowEvent<StoryHiddenBody>): ShowEvent<StoryHiddenBody> => ({ type: 'story-hidden', id: e.id, seq: e.seq, t: e.t });
const version = (e: ShowEvent<InstallationBody>): ShowEvent<InstallationBody> => ({
  type: 'installation',
  installation: publicInstallation(e.installation),
  seq: e.seq,
  t: e.t,
});

/** The first story event of its id, under moderation `after`/`off`, and not hidden (ever, in this log). */
function shownAtOwnSeq(e: ShowEvent<StoryBody>, log: EventLog, base: Installation | undefined): boolean {
  return log.storyById.get(e.id)?.seq === e.seq && !log.hiddenAt.has(e.id) && moderationOf(log, base, e) !== 'before';
}

/** The story an approval reveals: it is the story's counting approval under `before`, and the story is
 * not hidden (ever, in this log). */
function revealedBy(e: ShowEvent<StoryApprovedBody>, log: EventLog, base: Installation | undefined): ShowEvent<StoryBody> | undefined {
  const s = log.storyById.get(e.id);
  if (!s || log.hiddenAt.has(e.id) || moderationOf(log, base, s) !== 'before' || approvalOf(log, s)?.seq !== e.seq) return undefined;
  return s;
}

/** Had the room seen the story before this hiding? Depends only on events before it. */
function seenBefore(e: ShowEvent<StoryHiddenBody>, log: EventLog, base: Installation | undefined): boolean {
  const s = log.storyById.get(e.id);
  if (!s || s.seq > e.seq) return false;
  if (moderationOf(log, base, s) !== 'before') return true;
  const a = approvalOf(log, s);
  return a !== undefined && a.seq < e.seq;
}

/** The viewer's view of one event of `log`. */
function forViewer(e: ShowEvent, log: EventLog, base: Installation | undefined): ShowEvent {
  switch (e.type) {
    case 'withheld':
      return withheld(e);
    case 'cue':
      return cue(e);
    case 'glitch':
      return glitch(e);
    case 'blackout':
      return blackout(e);
    case 'hold':
      return hold(e);
    case 'reaction':
      return reaction(e);
    case 'installation':
      return version(e);
    case 'story':
      return shownAtOwnSeq(e, log, base) ? story(e) : withheld(e);
    case 'story-approved':
      return approval(e, revealedBy(e, log, base));
    case 'story-hidden':
      return seenBefore(e, log, base) ? hiding(e) : withheld(e);
    default:
      return unhandled(e, withheld(e));
  }
}

/** The phone's view of one event of `log`. */
function forAudience(e: ShowEvent, log: EventLog, base: Installation | undefined): ShowEvent {
  switch (e.type) {
    case 'withheld':
    case 'cue':
    case 'glitch':
    case 'blackout':
    case 'hold':
    case 'reaction':
    case 'story':
      return withheld(e);
    case 'installation':
      return version(e);
    case 'story-approved':
      return approval(e);
    case 'story-hidden':
      return hiding(e);
    default:
      return unhandled(e, withheld(e));
  }
}

/** May the archive keep this story? The room saw it (first of its id, revealed, never hidden) and its
 * author consented. */
function kept(e: ShowEvent<StoryBody>, log: EventLog, base: Installation | undefined): boolean {
  return e.consent && log.storyById.get(e.id)?.seq === e.seq && !log.hiddenAt.has(e.id) && revealedAt(log, base, e) !== undefined;
}

/** The archive's view of one event of `log`: the viewer's, less stories without consent, and with every
 * kept story at its own seq (approvals by id only), the shape archive.ts reads. showAt plays it as the
 * room saw it: a story still appears at its approval under moderation `before`. */
function forArchive(e: ShowEvent, log: EventLog, base: Installation | undefined): ShowEvent {
  switch (e.type) {
    case 'story':
      return kept(e, log, base) ? story(e) : withheld(e);
    case 'story-approved':
      return approval(e);
    case 'withheld':
    case 'cue':
    case 'glitch':
    case 'blackout':
    case 'hold':
    case 'reaction':
    case 'installation':
    case 'story-hidden':
      return forViewer(e, log, base);
    default:
      return unhandled(e, withheld(e));
  }
}

/** One event of `log` as `view` may see it. `base` is the installation the log starts from (the first
 * version event on a server). */
export function viewEvent(view: View, e: ShowEvent, log: EventLog, base: Installation | undefined): ShowEvent {
  switch (view) {
    case 'operator':
      return e;
    case 'viewer':
      return forViewer(e, log, base);
    case 'audience':
      return forAudience(e, log, base);
    case 'archive':
      return forArchive(e, log, base);
    default:
      return unhandled(view, withheld(e));
  }
}

/** Events of `log` (e.g. `log.since(seq)`, or the ones just appended) as `view` may see them. */
export function viewEvents(view: View, events: readonly ShowEvent[], log: EventLog, base: Installation | undefined): readonly ShowEvent[] {
  return view === 'operator' ? events : events.map((e) => viewEvent(view, e, log, base));
}

/** The whole log as `view` may see it: what a client joining now is sent. */
export function viewLog(view: View, log: EventLog, base: Installation | undefined): readonly ShowEvent[] {
  return viewEvents(view, log.events, log, base);
}

/** The log a client of `view` keeps (its replica): for every view but the operator's, later hidings are
 * folded into what it holds (EventLog's `redactHidden`), which keeps it equal to `viewLog` at every moment. */
export function replicaLog(view: View, events: Iterable<ShowEvent> = []): EventLog {
  return EventLog.from(events, { redactHidden: view !== 'operator' });
}
