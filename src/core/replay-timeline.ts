import { archiveContents, type ArchiveLike } from './archive-contents.ts';
import { EventLog } from './event-log.ts';
import type { Seconds } from './units.ts';

/**
 * The marks on a replay's timeline (the console's and the desktop page's transport), from the archive
 * alone: the phases as they were played, the cues fired, the glitches and the stories as they entered the
 * room. The same reading of the archive as its static page (archive-contents.ts), so both tell one story.
 */
export type TimelineMarkKind = TimelineMark['kind'];

/** A mark says what happened in figures and the artist's or audience's words; a page words it from its
 * catalogue (core holds no interface text). */
export type TimelineMark =
  | { readonly kind: 'cue'; readonly t: Seconds; readonly phase: string }
  | { readonly kind: 'glitch'; readonly t: Seconds; readonly intensity: number; readonly seconds: Seconds }
  | { readonly kind: 'story'; readonly t: Seconds; readonly label: string };

export interface ReplayTimeline {
  readonly title: string;
  /** The span a replay plays: the show's first event to the archive's writing. */
  readonly from: Seconds;
  readonly to: Seconds;
  readonly phases: readonly { readonly label: string; readonly start: Seconds; readonly end: Seconds }[];
  /** Sorted by t. */
  readonly marks: readonly TimelineMark[];
}

/** Longest label of a story mark: the timeline shows its first words as a tooltip. */
const STORY_LABEL = 60;

export function replayTimeline(archive: ArchiveLike): ReplayTimeline {
  const contents = archiveContents(archive);
  const log = EventLog.from(archive.events);
  const marks: TimelineMark[] = [
    ...log.cues.map((c) => ({ kind: 'cue' as const, t: c.t, phase: c.phase })),
    ...log.glitches.map((g) => ({ kind: 'glitch' as const, t: g.t, intensity: g.intensity, seconds: g.seconds })),
    ...contents.stories.map((s) => ({
      kind: 'story' as const,
      t: s.t,
      label: `${s.materialLabel}: ${s.text.length > STORY_LABEL ? `${s.text.slice(0, STORY_LABEL - 1)}…` : s.text}`,
    })),
  ];
  marks.sort((a, b) => a.t - b.t);
  return {
    title: contents.title,
    from: contents.start,
    to: contents.end,
    phases: contents.phases.map((p) => ({ label: p.label, start: p.start, end: p.end })),
    marks,
  };
}
