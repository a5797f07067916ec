import type { Archive } from './archive.ts';
import { encodeSculptures } from './encode.ts';
import { EventLog } from './event-log.ts';
import type { ShowEvent, StoryBody } from './events.ts';
import { attachedSculpture } from './materials.ts';
import { phaseAt } from './phases.ts';
import { revealedAt } from './stories.ts';
import type { Seconds } from './units.ts';

/**
 * What a reader of an archive finds in it, worked out from the archive alone (pure: the static archive
 * page, and anything else that lists a past show, read this): the phases as they were played, the stories
 * that were in the room and may be kept, and the moments worth a still.
 */

export interface PlayedPhase {
  readonly id: string;
  readonly label: string;
  /** When it began, seconds on the show clock. */
  readonly start: Seconds;
  /** When the next began (or the archive was written). */
  readonly end: Seconds;
  /** True when the operator's cue started it (false: it followed the previous one by itself). */
  readonly cued: boolean;
}

export interface KeptStory {
  readonly id: string;
  readonly text: string;
  readonly emotion: string;
  /** The emotion's colour in the installation, `#rrggbb`. */
  readonly color: string;
  readonly material: string;
  /** The material's name (its row's label), or its key when the row is gone. */
  readonly materialLabel: string;
  /** BCP 47 language tag as stored with the story ("und" when unknown). */
  readonly lang: string;
  /** When it entered the room (src/core/stories.ts: its approval under moderation `before`, else its arrival). */
  readonly t: Seconds;
}

export interface Moment {
  readonly t: Seconds;
  readonly caption: string;
}

export interface ArchiveContents {
  readonly title: string;
  /** The show clock when the show began (its first event) and when the archive was written. */
  readonly start: Seconds;
  readonly end: Seconds;
  readonly phases: readonly PlayedPhase[];
  readonly stories: readonly KeptStory[];
  readonly glitches: readonly Seconds[];
  readonly moments: readonly Moment[];
}

/** What these readings need of an archive: also what a replay's screen holds (its installation, log and
 * the end of the span its transport plays). */
export type ArchiveLike = Pick<Archive, 'installation' | 'events' | 'exportedAt'>;

/** Most stills an archive asks for: phase moments first, then glitches. */
export const MAX_MOMENTS = 12;

export function archiveContents(archive: ArchiveLike): ArchiveContents {
  const log = EventLog.from(archive.events);
  const base = archive.installation;
  const start = archive.events[0]?.t ?? 0;
  const end = Math.max(archive.exportedAt, log.lastT === -Infinity ? start : log.lastT);
  const phases = playedPhases(archive, log, start, end);
  const stories = log.stories.flatMap((s) => keptStory(archive, log, s));
  stories.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
  return { title: base.spec.title, start, end, phases, stories, glitches: log.glitches.map((g) => g.t), moments: moments(phases, log) };
}

/** Walks the phases from the show's start: each ends at the next cue or when its duration is over (unless it
 * waits for a cue), exactly as phaseAt decides. */
function playedPhases(archive: ArchiveLike, log: EventLog, start: Seconds, end: Seconds): PlayedPhase[] {
  const out: PlayedPhase[] = [];
  let t = start;
  for (let guard = 0; guard < 10_000 && t <= end; guard++) {
    const spec = log.installationAt(archive.installation, t).spec;
    const { phase } = phaseAt(spec.phases, log, t);
    const cue = log.cues.find((c) => c.t > t);
    const ends = [cue?.t ?? Infinity, phase.holding ? Infinity : phase.start + phase.duration].filter((x) => x > t);
    const next = Math.min(...ends, Infinity);
    const last = out[out.length - 1];
    if (last && last.id === phase.id && last.start === phase.start) out[out.length - 1] = { ...last, end: Math.min(next, end) };
    else out.push({ id: phase.id, label: phase.label, start: phase.start, end: Math.min(next, end), cued: log.cues.some((c) => c.t === phase.start) });
    if (!Number.isFinite(next)) break;
    // A phase that is over but waits (holding) gets no end of its own; step just past the boundary.
    t = next + 1e-6;
  }
  return out;
}

/** A story is kept when it may be archived (consent, not hidden) and was in the room (the rules of
 * stories.ts: an archive of an older version may still hold stories that never left the queue). */
function keptStory(archive: ArchiveLike, log: EventLog, s: ShowEvent<StoryBody>): KeptStory[] {
  const t = revealedAt(log, archive.installation, s);
  if (!s.consent || log.hiddenAt.has(s.id) || t === undefined) return [];
  const installation = log.installationAt(archive.installation, s.t);
  const spec = installation.spec;
  const row = attachedSculpture(spec, encodeSculptures(installation))?.rows.find((r) => r.key === s.material);
  return [
    {
      id: s.id,
      text: s.text,
      emotion: s.emotion,
      color: spec.audience.stories.emotions[s.emotion] ?? '#cccccc',
      material: s.material,
      materialLabel: row?.label ?? s.material,
      lang: s.lang,
      t,
    },
  ];
}

function moments(phases: readonly PlayedPhase[], log: EventLog): Moment[] {
  const out: Moment[] = [];
  for (const p of phases) {
    // Halfway into the phase (at most 20 s in): its transition is done and its look has settled.
    const length = p.end - p.start;
    if (length <= 0) continue;
    out.push({ t: p.start + Math.min(length / 2, 20), caption: p.label });
  }
  // A third into a glitch (at most 1 s): near its peak.
  for (const g of log.glitches) out.push({ t: g.t + Math.min(1, g.seconds / 3), caption: 'The glitch' });
  const seen = new Set<number>();
  return out
    .filter((m) => (seen.has(Math.round(m.t * 10)) ? false : (seen.add(Math.round(m.t * 10)), true)))
    .slice(0, MAX_MOMENTS)
    .sort((a, b) => a.t - b.t);
}
