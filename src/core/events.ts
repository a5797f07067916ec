import { z } from 'zod';
import { STORY_ID, STORY_ID_RULE } from './ids.ts';
import { characterCount, MAX_STORY_CHARACTERS } from './text.ts';
import type { Installation } from './installation.ts';
import type { Seconds } from './units.ts';

/**
 * Show events: everything that happens during a show. The server validates an event's body, gives it its
 * sequence number `seq` (1, 2, 3 ... without gaps) and its time `t` on the shared clock, persists it, then
 * broadcasts it. `t` never decreases along `seq`. The bodies' schemas are shared by server and clients.
 */
export const storyId = z.string().regex(STORY_ID, { message: `expected an id of ${STORY_ID_RULE} chosen by the phone` });

export const cueBody = z.strictObject({
  type: z.literal('cue'),
  /** Jump to this phase (by id). */
  phase: z.string().min(1).max(64),
  /** Start the phase this many seconds in (running time), e.g. to undo a jump: back to where the phase
   * was. Default 0, its beginning. */
  offset: z.number().min(0).max(86_400).optional(),
});

export const glitchBody = z.strictObject({
  type: z.literal('glitch'),
  /** Peak intensity 0..1. */
  intensity: z.number().min(0).max(1).default(1),
  /** How long the glitch lasts (seconds), release included. */
  seconds: z.number().positive().max(120).default(4),
});

/** A blackout's fade when the operator gives none (seconds). */
export const BLACKOUT_FADE: Seconds = 1;

/** Blackout: every screen fades to black and the sound to silence (`on: true`), or back (`on: false`). In
 * the log, so a screen that joins during a blackout, and a replay, are black too (src/core/stage.ts). */
export const blackoutBody = z.strictObject({
  type: z.literal('blackout'),
  on: z.boolean(),
  /** Length of the fade (seconds), 0 for a cut. Default BLACKOUT_FADE. */
  seconds: z.number().min(0).max(60).default(BLACKOUT_FADE),
});

/** Hold: every screen freezes on the frame of this moment and the sound stops (`on: true`); phase timers
 * stop with it and run on from where they were when it is released (`on: false`). See src/core/stage.ts. */
export const holdBody = z.strictObject({
  type: z.literal('hold'),
  on: z.boolean(),
});

export const storyBody = z.strictObject({
  type: z.literal('story'),
  id: storyId,
  /** Trimmed; 1 to MAX_STORY_CHARACTERS characters, counted in code points (text.ts). */
  text: z
    .string()
    .trim()
    .min(1, { message: 'the story is empty' })
    .refine((t) => characterCount(t) <= MAX_STORY_CHARACTERS, { message: `the story is longer than ${MAX_STORY_CHARACTERS} characters` }),
  emotion: z.string().min(1).max(32),
  /** The key of the data row (material) the story attaches to. */
  material: z.string().min(1).max(128),
  /** BCP 47 language tag the phone reported, e.g. "en", "pt-BR". */
  lang: z.string().max(35).default('und'),
  /** May the story be kept in the archive and replayed next year? */
  consent: z.boolean(),
});

export const storyApprovedBody = z.strictObject({ type: z.literal('story-approved'), id: storyId });
export const storyHiddenBody = z.strictObject({
  type: z.literal('story-hidden'),
  id: storyId,
  reason: z.string().max(200).optional(),
});

export const reactionBody = z.strictObject({
  type: z.literal('reaction'),
  kind: z.string().min(1).max(16),
  /** Optional material key the reaction lands on; otherwise the room's centre. */
  material: z.string().min(1).max(128).optional(),
});

export type CueBody = z.infer<typeof cueBody>;
export type GlitchBody = z.infer<typeof glitchBody>;
export type BlackoutBody = z.infer<typeof blackoutBody>;
export type HoldBody = z.infer<typeof holdBody>;
export type StoryBody = z.infer<typeof storyBody>;
/** An approval. In the public log (viewers, audience) it carries the story it reveals, because under
 * moderation `before` the story itself is withheld at its own seq (see WithheldBody). */
export type StoryApprovedBody = z.infer<typeof storyApprovedBody> & { readonly story?: ShowEvent<StoryBody> };
export type StoryHiddenBody = z.infer<typeof storyHiddenBody>;
export type ReactionBody = z.infer<typeof reactionBody>;
/** A new installation version (a live edit): from its `t` on, the show plays it. */
export interface InstallationBody {
  readonly type: 'installation';
  readonly installation: Installation;
}

/** In a role's view of the log: an event this role may not see (a story held for moderation, a hidden or
 * unconsented story). It keeps seq without gaps, so every view of the log follows the same numbering. */
export interface WithheldBody {
  readonly type: 'withheld';
}

export type EventBody =
  WithheldBody | CueBody | GlitchBody | BlackoutBody | HoldBody | StoryBody | StoryApprovedBody | StoryHiddenBody | ReactionBody | InstallationBody;

export type EventType = EventBody['type'];

export type ShowEvent<B extends EventBody = EventBody> = Readonly<B> & {
  /** Sequence number given by the server: 1, 2, 3 ... */
  readonly seq: number;
  /** Time on the shared clock when the server accepted the event. */
  readonly t: Seconds;
};
