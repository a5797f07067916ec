import type { Installation } from './installation.ts';
import type { ShowEvent } from './events.ts';
import { EventLog } from './event-log.ts';
import { encodeSculptures, type EncodedSculpture } from './encode.ts';
import { phaseAt, type Look, type MorphState, type PhaseState } from './phases.ts';
import { parseHex } from './color.ts';
import { attachedSculpture } from './materials.ts';
import { memoriesAt, memoryPhase } from './memory.ts';
import { blackoutAt, holdStartAt, realTimeAt, runningTime } from './stage.ts';
import { hiddenBy, revealsBetween } from './stories.ts';
import { captionsAt, type DisplayedCaption } from './captions.ts';
import { legendsOf, type Legend } from './legends.ts';
import { clamp, type Rgb, type Seconds, type Vec3 } from './units.ts';

/** Most bursts a ShowState carries (the newest win): the particle shader's uniform block has this many slots. */
export const MAX_BURSTS = 16;

export interface Burst {
  /** The event that caused it. */
  readonly seq: number;
  readonly kind: 'story' | 'reaction';
  readonly t0: Seconds;
  readonly age: Seconds;
  /** Lifetime of the wave (seconds). */
  readonly seconds: Seconds;
  /** Push in metres at the wave front, before decay. */
  readonly strength: number;
  /** 1 at birth, falling to 0 at the end of its life (quadratic). */
  readonly envelope: number;
  /** Where the wave starts. */
  readonly origin: Vec3;
  readonly sculpture: string | null;
  readonly row: number;
  readonly color: Rgb;
}

export interface DisplayedStory {
  readonly id: string;
  readonly seq: number;
  readonly text: string;
  readonly lang: string;
  readonly emotion: string;
  readonly color: Rgb;
  readonly material: string;
  readonly sculpture: string | null;
  readonly row: number;
  /** Where the text floats: above its material. */
  readonly position: Vec3;
  /** When it appeared (approval under moderation `before`, else submission). */
  readonly shownAt: Seconds;
  readonly age: Seconds;
  /** 0..1: fades in over 1 s and out over the last quarter of its time on display. */
  readonly opacity: number;
  /** A story of a past show returning as a memory (src/core/memory.ts): its tag, e.g. "2026". Its seq is 0
   * (memories are not in the log). */
  readonly memory?: string;
}

export interface Tint {
  readonly sculpture: string;
  readonly row: number;
  readonly color: Rgb;
  /** 0..1 */
  readonly amount: number;
}

/** Everything a screen (or the sound) needs at one moment. Derived only from (installation, log, t). */
export interface ShowState {
  readonly t: Seconds;
  /** The show's running time at t: t less the seconds held before it (src/core/stage.ts), equal to t in a
   * show without holds. Everything that moves (the particles' flow, burst, glitch and story ages, the
   * captions' turns) follows it, so a released hold goes on from the frame it froze instead of jumping
   * ahead by the seconds held. */
  readonly running: Seconds;
  /** The installation in force at t (a live edit in the log replaces the one given). */
  readonly installation: Installation;
  readonly version: string;
  /** Seq of the last event at or before t. */
  readonly seq: number;
  readonly phase: PhaseState;
  readonly morph: MorphState;
  /** The blended look now: form, shape override, agitation, brightness (glitch excluded: see `glitch`). */
  readonly look: Look;
  /** Glitch intensity 0..1: the phase's, or an operator's glitch, whichever is stronger. */
  readonly glitch: number;
  readonly sculptures: readonly EncodedSculpture[];
  readonly bursts: readonly Burst[];
  readonly stories: readonly DisplayedStory[];
  readonly tints: readonly Tint[];
  /** Reactions in the last reaction-burst window: the room's energy. */
  readonly recentReactions: number;
  /** Captions in the room now (src/core/captions.ts): a text field of rows, under their rows. Draw each
   * like a story: `text` hanging down from `anchor` (metres, top centre), `size` metres high, `opacity`. */
  readonly captions: readonly DisplayedCaption[];
  /** The installation's legends (src/core/legends.ts); the same at every t of one installation version.
   * `place: corner`: in `corner` of the views of `walls` (null: every wall and the desktop), at `position`
   * in a headset; `place: room`: at `position`. Entries: a gradient with ticks, swatches, or sizes. */
  readonly legends: readonly Legend[];
  /** The operator's blackout, 0 (the show as it is) .. 1 (every screen black, the sound silent):
   * src/core/stage.ts. Screens draw black over everything by this much; the sound's level falls with it. */
  readonly blackout: number;
  /** True during the operator's hold: the state is the frame of the hold's first moment (`t` is that
   * moment), the score plays nothing, phase timers stand still. Hidings and the blackout still apply. */
  readonly held: boolean;
}

const GLITCH_ATTACK: Seconds = 0.15;
const MAX_GLITCH_SECONDS: Seconds = 120;

/**
 * The show at time `now`: a pure function of the installation, the log and the time. Events after it never
 * change the result. Costs O(active events) per call: every lookup bisects a time-sorted index of the log.
 * Passing an array instead of an EventLog indexes it first (O(n)): fine for tests, not per frame.
 */
export function showAt(base: Installation, events: EventLog | readonly ShowEvent[], now: Seconds): ShowState {
  const log = events instanceof EventLog ? events : EventLog.from(events);
  // During a hold the room shows its first moment; only hidings and the blackout follow the clock (`now`).
  const holdStart = holdStartAt(log, now);
  const t = holdStart ?? now;
  const running = runningTime(log, t);
  // An event's age in running seconds: the seconds held since it do not count (a burst frozen mid-way by a
  // hold goes on from there). Without holds it is t - at, bit for bit.
  const ageOf = log.holds.length === 0 ? (at: Seconds) => t - at : (at: Seconds) => running - runningTime(log, at);
  const installation = log.installationAt(base, t);
  const spec = installation.spec;
  const sculptures = encodeSculptures(installation);
  const { phase, morph, look } = phaseAt(spec.phases, log, t);

  // Glitch: the phase's level, or the strongest operator glitch still sounding.
  let glitch = look.glitch;
  for (let i = EventLog.lastAtOrBefore(log.glitches, t); i >= 0; i--) {
    const g = log.glitches[i] as ShowEvent & { intensity: number; seconds: number };
    const age = ageOf(g.t);
    if (age > MAX_GLITCH_SECONDS) break;
    if (age > g.seconds) continue;
    const env = age < GLITCH_ATTACK ? age / GLITCH_ATTACK : 1 - (age - GLITCH_ATTACK) / Math.max(1e-6, g.seconds - GLITCH_ATTACK);
    glitch = Math.max(glitch, g.intensity * clamp(env, 0, 1));
  }

  const stories = spec.audience.stories;
  const attach = attachedSculpture(spec, sculptures);
  const rowIndex = keyIndex(attach);
  const emotionColor = (e: string): Rgb => parseHex(stories.emotions[e] ?? '#ffffff');
  const placeOf = (material: string | undefined): { row: number; position: Vec3 } => {
    const row = material === undefined ? -1 : (rowIndex.get(material) ?? -1);
    const r = row >= 0 ? attach?.rows[row] : undefined;
    return { row, position: r ? r.position : [0, 1.4, 0] };
  };

  // Stories appear at their approval or their submission, by the mode they were submitted under.
  const shown: DisplayedStory[] = [];
  const bursts: Burst[] = [];
  const window = Math.max(stories.display.seconds, stories.burst.seconds);
  const since = log.holds.length === 0 ? t - window : realTimeAt(log, running - window);
  for (const { story, t: shownAt } of revealsBetween(log, base, since, t)) {
    if (hiddenBy(log, story.id, now)) continue;
    const age = ageOf(shownAt);
    const { row, position } = placeOf(story.material);
    const color = emotionColor(story.emotion);
    if (age <= stories.display.seconds && shown.length < stories.display.max) {
      const opacity = displayOpacity(age, stories.display.seconds);
      shown.push({
        id: story.id,
        seq: story.seq,
        text: story.text,
        lang: story.lang,
        emotion: story.emotion,
        color,
        material: story.material,
        sculpture: attach?.id ?? null,
        row,
        position: [position[0], position[1] + 1.1 + 0.35 * (shown.length % 3), position[2]],
        shownAt,
        age,
        opacity,
      });
    }
    if (age <= stories.burst.seconds && stories.burst.strength > 0) {
      bursts.push(burst(story.seq, 'story', shownAt, age, stories.burst.seconds, stories.burst.strength, position, attach?.id ?? null, row, color));
    }
  }

  // Memories of past shows fill the places the show's own stories leave free, during their phase.
  const memories = installation.memories;
  if (memories && spec.memory && phase.id === memoryPhase(spec.memory, spec.phases) && shown.length < stories.display.max) {
    const every = spec.memory.every;
    for (const { index, age } of memoriesAt(memories.length, every, stories.display.seconds, phase.elapsed, stories.display.max - shown.length)) {
      const m = memories[index];
      if (!m) continue;
      const { row, position } = placeOf(m.material);
      shown.push({
        id: m.id,
        seq: 0,
        text: m.text,
        lang: m.lang,
        emotion: m.emotion,
        color: emotionColor(m.emotion),
        material: m.material,
        sculpture: attach?.id ?? null,
        row,
        position: [position[0], position[1] + 1.1 + 0.35 * (shown.length % 3), position[2]],
        shownAt: phase.start + index * every,
        age,
        opacity: displayOpacity(age, stories.display.seconds),
        memory: m.tag,
      });
    }
  }

  const reactions = spec.audience.reactions;
  let recentReactions = 0;
  for (let i = EventLog.lastAtOrBefore(log.reactions, t); i >= 0; i--) {
    const r = log.reactions[i] as ShowEvent & { kind: string; material?: string };
    const age = ageOf(r.t);
    if (age > reactions.burst.seconds) break;
    recentReactions++;
    if (bursts.length < MAX_BURSTS * 4) {
      const { row, position } = placeOf(r.material);
      bursts.push(
        burst(r.seq, 'reaction', r.t, age, reactions.burst.seconds, reactions.burst.strength, position, row >= 0 ? (attach?.id ?? null) : null, row, [1, 1, 1]),
      );
    }
  }
  bursts.sort((a, b) => a.age - b.age || b.seq - a.seq);
  if (bursts.length > MAX_BURSTS) bursts.length = MAX_BURSTS;

  const tints: Tint[] = shown
    .filter((s) => s.sculpture !== null && s.row >= 0)
    .map((s) => ({ sculpture: s.sculpture as string, row: s.row, color: s.color, amount: 0.6 * s.opacity }));

  return {
    t,
    running,
    installation,
    version: installation.version,
    seq: log.seqAt(t),
    phase,
    morph,
    look,
    glitch,
    sculptures,
    bursts,
    stories: shown,
    tints,
    recentReactions,
    captions: captionsAt(spec.sculptures, sculptures, running),
    legends: legendsOf(installation),
    blackout: blackoutAt(log, now),
    held: holdStart !== undefined,
  };
}

/** Fades in over 1 s and out over the last quarter of `seconds` on display. */
function displayOpacity(age: Seconds, seconds: Seconds): number {
  return clamp(Math.min(age / 1, (seconds - age) / (seconds * 0.25)), 0, 1);
}

function burst(
  seq: number,
  kind: Burst['kind'],
  t0: Seconds,
  age: Seconds,
  seconds: Seconds,
  strength: number,
  origin: Vec3,
  sculpture: string | null,
  row: number,
  color: Rgb,
): Burst {
  const k = clamp(1 - age / seconds, 0, 1);
  return { seq, kind, t0, age, seconds, strength, envelope: k * k, origin, sculpture, row, color };
}

const keyCache = new WeakMap<EncodedSculpture, Map<string, number>>();
function keyIndex(s: EncodedSculpture | undefined): Map<string, number> {
  if (!s) return new Map();
  let m = keyCache.get(s);
  if (!m) {
    m = new Map(s.rows.map((r) => [r.key, r.index]));
    keyCache.set(s, m);
  }
  return m;
}
