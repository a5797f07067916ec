import type { Installation } from '../installation.ts';
import { EventLog } from '../event-log.ts';
import type { ShowEvent } from '../events.ts';
import { showAt, type ShowState } from '../show.ts';
import { phaseAt } from '../phases.ts';
import { attachedSculpture } from '../materials.ts';
import { hiddenBy, revealsBetween } from '../stories.ts';
import { createRandom, seedOf, type Random } from '../random.ts';
import type { Instrument, SoundSpec } from '../schema/sound.ts';
import type { PhaseSpec } from '../schema/installation.ts';
import { clamp, type Seconds, type Vec3 } from '../units.ts';
import { SCALE_STEPS, degreeSemitones, rootMidi, tonicChordDegrees } from './scales.ts';
import { pickRow, soundVoices, voiceOfMaterial, type SoundVoice, type VoiceRow } from './voices.ts';
import { MAX_MOTIF_ONSET_BEATS, motifOf } from './motifs.ts';

export type Harmony = PhaseSpec['harmony'];

/** One note of the score. Everything a player needs to sound it; nothing depends on when it was computed. */
export interface ScoreNote {
  /** Stable identity: the same note computed by any device, in any window, has the same id. */
  readonly id: string;
  /** Onset on the shared clock. */
  readonly t: Seconds;
  readonly voice: string;
  readonly instrument: Instrument;
  /** MIDI note number (60 = C4), an integer. */
  readonly midi: number;
  /** Detuning in cents (the glitch, tense harmony). */
  readonly detune: number;
  readonly duration: Seconds;
  /** 0..1 */
  readonly velocity: number;
  /** Where the voice sounds from, metres. */
  readonly position: Vec3;
  readonly source: 'data' | 'story' | 'reaction';
  /** The data row (index in its sculpture) the note comes from, -1 if none. */
  readonly row: number;
  readonly harmony: Harmony;
  /** Glitch intensity at the onset, 0..1: players crush the sound by this much. */
  readonly glitch: number;
}

/** The grid: every beat is cut into this many slots; a note can start only on a slot. */
export const SLOTS_PER_BEAT = 4;
/** Weight of each slot of a beat: notes gather on the beat and its half (the mean is 1, so density holds). */
const METRIC = [1.6, 0.6, 1.2, 0.6] as const;
/** Most notes a voice starts on one slot: a voice of thousands of rows stays a voice, not a wall of noise. */
export const MAX_NOTES_PER_SLOT = 3;
/** A story's motif or a reaction's accent starts on the first slot at least this long after its event, so a
 * device that receives the event a little late (network) still schedules it in time. */
export const EVENT_LEAD: Seconds = 0.15;
/** Longest slot the schema allows (tempo 20): how far back a window looks for slots whose notes reach into it. */
const MAX_SLOT: Seconds = 60 / 20 / SLOTS_PER_BEAT;

interface HarmonyColour {
  /** Multiplies the voices' density. */
  readonly density: number;
  /** Multiplies note lengths. */
  readonly duration: number;
  readonly velocity: number;
  /** Melodic steps around a row's degree (in degrees of a 7-note scale, rescaled for others). */
  readonly steps: readonly number[];
}

const COLOURS: Readonly<Record<Harmony, HarmonyColour>> = {
  drone: { density: 1, duration: 1.25, velocity: 1, steps: [0, 0, 0, 4, -3, 7] },
  // Seconds and sevenths rub against the row's note.
  tense: { density: 1.2, duration: 0.6, velocity: 1.05, steps: [0, 1, -1, 1, 6, -6] },
  resolving: { density: 0.9, duration: 1.1, velocity: 0.95, steps: [0, 2, 4, 0, -3] },
  open: { density: 0.7, duration: 1.6, velocity: 0.8, steps: [0] },
};

/**
 * The notes that start in [t0, t1) on the shared clock: a pure function of the installation, the log and the
 * window; notes are a function of absolute time: the beat grid comes from the tempo, and each (voice, slot)
 * decides from a hash of (seed, voice, slot) whether and what it plays, so any window gives exactly the
 * union of its sub-windows' notes, and a late device computes the same notes as one that was there from the
 * start. Only events at or before a note's onset shape it (like showAt).
 */
export function scoreBetween(base: Installation, events: EventLog | readonly ShowEvent[], t0: Seconds, t1: Seconds): ScoreNote[] {
  const log = events instanceof EventLog ? events : EventLog.from(events);
  const out: ScoreNote[] = [];
  if (!(t1 > t0) || t1 <= 0) return out;
  const lo = Math.max(0, t0 - MAX_SLOT);
  forEachVersion(base, log, lo, t1, (installation, a, b) => dataNotes(base, log, installation, a, b, t0, t1, out));
  storyMotifs(base, log, t0, t1, out);
  reactionAccents(base, log, t0, t1, out);
  out.sort((x, y) => x.t - y.t || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return out;
}

/** Seconds per slot of a sound spec's tempo. */
export const slotSeconds = (sound: SoundSpec): Seconds => 60 / sound.tempo / SLOTS_PER_BEAT;

/** Calls back for each installation version in force over [lo, hi): the version and the part of the range it
 * covers. Live edits change the tempo and key from their time on. */
function forEachVersion(base: Installation, log: EventLog, lo: Seconds, hi: Seconds, fn: (i: Installation, a: Seconds, b: Seconds) => void): void {
  const list = log.installations;
  let i = EventLog.lastAtOrBefore(list, lo);
  let a = lo;
  for (;;) {
    const next = list[i + 1];
    const b = next ? Math.min(next.t, hi) : hi;
    if (b > a) fn(i < 0 ? base : (list[i] as (typeof list)[number]).installation, a, b);
    if (!next || next.t >= hi) return;
    a = next.t;
    i++;
  }
}

function dataNotes(base: Installation, log: EventLog, installation: Installation, a: Seconds, b: Seconds, t0: Seconds, t1: Seconds, out: ScoreNote[]): void {
  const sound = installation.spec.sound;
  const voices = soundVoices(installation);
  if (!sound || voices.length === 0) return;
  const d = slotSeconds(sound);
  const beat = d * SLOTS_PER_BEAT;
  const steps = SCALE_STEPS[sound.mode];
  for (let k = Math.ceil(a / d); k * d < b; k++) {
    const ts = k * d;
    if (ts < a) continue;
    const state = showAt(base, log, ts);
    const level = soundLevel(state);
    if (level <= 0) continue;
    const inMorph = state.morph.progress < 1;
    const previous = inMorph ? phaseAt(installation.spec.phases, log, state.phase.start - 1e-6).phase.harmony : state.phase.harmony;
    const metric = METRIC[k % SLOTS_PER_BEAT] as number;
    for (const voice of voices) {
      const r = createRandom(seedOf(installation.seed, 'slot', voice.id, k));
      // Across a morph, each voice crosses into the new phase's harmony at its own moment.
      const harmony = inMorph && r.next() >= state.morph.progress ? previous : state.phase.harmony;
      const colour = COLOURS[harmony];
      const expected = (voice.density * metric * colour.density) / SLOTS_PER_BEAT;
      const whole = Math.floor(expected);
      const count = Math.min(MAX_NOTES_PER_SLOT, whole + (r.next() < expected - whole ? 1 : 0));
      for (let i = 0; i < count; i++) {
        const row = pickRow(voice, r.next());
        if (!row) break;
        const degree = melodicDegree(Math.round(row.degree), harmony, state, steps, r);
        const midi = noteMidi(sound, voice, steps, degree);
        const glitch = state.glitch;
        const detune = (glitch * 60 + (harmony === 'tense' ? 8 : 0)) * r.range(-1, 1);
        const velocity = clamp(row.velocity * (metric >= 1 ? 1 : 0.85) * colour.velocity * level, 0, 1);
        // The glitch stutters: some notes break into 2-4 quick repeats inside their slot.
        const ratchets = r.next() < glitch * 0.6 ? 2 + r.int(3) : 1;
        const duration = ratchets > 1 ? (0.9 * d) / ratchets : row.beats * beat * colour.duration;
        for (let j = 0; j < ratchets; j++) {
          const t = ts + (j * d) / ratchets;
          if (t < t0 || t >= t1) continue;
          out.push({
            id: `${voice.id}:${k}:${i}:${j}`,
            t,
            voice: voice.id,
            instrument: voice.instrument,
            midi,
            detune,
            duration,
            velocity: velocity * (1 - 0.15 * j),
            position: voice.position,
            source: 'data',
            row: row.index,
            harmony,
            glitch,
          });
        }
      }
    }
  }
}

/** The scale degree a note plays: the row's degree, moved by the harmony of the moment. */
function melodicDegree(degree: number, harmony: Harmony, state: ShowState, steps: readonly number[], r: Random): number {
  const n = steps.length;
  const colour = COLOURS[harmony];
  const step = Math.round(((colour.steps[r.int(colour.steps.length)] as number) * n) / 7);
  if (harmony === 'drone' || harmony === 'tense') return degree + step;
  const chord = tonicChordDegrees(steps);
  if (harmony === 'open') {
    // Consonant and spacious: a tonic chord tone in the row's octave, sometimes an octave higher.
    const octave = Math.floor(degree / n) + (r.next() < 0.3 ? 1 : 0);
    return octave * n + (chord[r.int(chord.length)] as number);
  }
  // Resolving: the further into the phase, the more notes land on the tonic chord.
  const moved = degree + step;
  return r.next() < state.phase.progress ? nearestChordTone(moved, chord, n) : moved;
}

function nearestChordTone(degree: number, chord: readonly number[], n: number): number {
  const octave = Math.floor(degree / n);
  let best = degree;
  let dist = Infinity;
  for (const o of [octave - 1, octave, octave + 1]) {
    for (const c of chord) {
      const cand = o * n + c;
      if (Math.abs(cand - degree) < dist) {
        dist = Math.abs(cand - degree);
        best = cand;
      }
    }
  }
  return best;
}

function noteMidi(sound: SoundSpec, voice: SoundVoice, steps: readonly number[], degree: number): number {
  return clamp(rootMidi(sound.key, sound.octave + voice.octave) + degreeSemitones(steps, degree), 0, 127);
}

/** Story motifs: a story plays its emotion's motif on its material's voice when it appears (approval under
 * moderation `before`, submission otherwise), starting on the first slot at least EVENT_LEAD later. Notes at
 * or after the story's hiding are dropped. */
function storyMotifs(base: Installation, log: EventLog, t0: Seconds, t1: Seconds, out: ScoreNote[]): void {
  // Longest reach of a motif: its lead, one slot to the grid, its last onset; at the slowest tempo.
  const reach = EVENT_LEAD + MAX_SLOT + MAX_MOTIF_ONSET_BEATS * MAX_SLOT * SLOTS_PER_BEAT;
  const lo = t0 - reach;
  for (const { story, t: shownAt } of revealsBetween(log, base, lo, t1)) {
    const installation = log.installationAt(base, shownAt);
    const spec = installation.spec;
    if (!spec.sound) continue;
    const attach = attachedSculpture(spec, spec.sculptures)?.id ?? null;
    const found = voiceOfMaterial(soundVoices(installation), attach, story.material);
    if (!found) continue;
    const { voice, row } = found;
    const sound = spec.sound;
    const d = slotSeconds(sound);
    const start = Math.ceil((shownAt + EVENT_LEAD) / d) * d;
    const anchor = noteMidi(sound, voice, SCALE_STEPS[sound.mode], Math.round(row?.degree ?? 0));
    motifOf(story.emotion).forEach((s, j) => {
      const t = start + s.beat * d * SLOTS_PER_BEAT;
      if (t < t0 || t >= t1 || hiddenBy(log, story.id, t)) return;
      const state = showAt(base, log, t);
      const level = soundLevel(state);
      if (level <= 0) return;
      out.push({
        id: `story:${story.id}:${j}`,
        t,
        voice: voice.id,
        instrument: voice.instrument,
        midi: clamp(anchor + s.semitones, 0, 127),
        detune: state.glitch * 30,
        duration: s.beats * d * SLOTS_PER_BEAT,
        velocity: clamp((row?.velocity ?? 0.7) * s.velocity * 1.1 * level, 0, 1),
        position: voice.position,
        source: 'story',
        row: row?.index ?? -1,
        harmony: state.phase.harmony,
        glitch: state.glitch,
      });
    });
  }
}

/** Reactions: a soft accent, high on the tonic chord, on the material's voice; the reactions that fall on
 * one slot of one voice make one accent, a little louder the more there are. */
function reactionAccents(base: Installation, log: EventLog, t0: Seconds, t1: Seconds, out: ScoreNote[]): void {
  const list = log.reactions;
  const groups = new Map<string, { t: Seconds; voice: SoundVoice; installation: Installation; count: number; kind: string }>();
  for (let i = EventLog.lastAtOrBefore(list, t1); i >= 0; i--) {
    const e = list[i] as (typeof list)[number];
    if (e.t < t0 - EVENT_LEAD - MAX_SLOT) break;
    const installation = log.installationAt(base, e.t);
    const spec = installation.spec;
    if (!spec.sound || !spec.audience.reactions.enabled) continue;
    const attach = attachedSculpture(spec, spec.sculptures)?.id ?? null;
    const voices = soundVoices(installation);
    const voice = e.material !== undefined ? voiceOfMaterial(voices, attach, e.material)?.voice : voices[0];
    if (!voice) continue;
    const d = slotSeconds(spec.sound);
    const k = Math.ceil((e.t + EVENT_LEAD) / d);
    const t = k * d;
    if (t < t0 || t >= t1) continue;
    const key = `${voice.id}:${k}`;
    const g = groups.get(key);
    // Iterating backwards: the earliest reaction of the slot names its pitch.
    if (g) {
      g.count++;
      g.kind = e.kind;
    } else groups.set(key, { t, voice, installation, count: 1, kind: e.kind });
  }
  for (const [key, g] of groups) {
    const sound = g.installation.spec.sound as SoundSpec;
    const steps = SCALE_STEPS[sound.mode];
    const chord = tonicChordDegrees(steps);
    const r = createRandom(seedOf(g.installation.seed, 'reaction', g.kind));
    const degree = 2 * steps.length + (chord[r.int(chord.length)] as number);
    const state = showAt(base, log, g.t);
    const level = soundLevel(state);
    if (level <= 0) continue;
    out.push({
      id: `reaction:${key}`,
      t: g.t,
      voice: g.voice.id,
      instrument: g.voice.instrument,
      midi: noteMidi(sound, g.voice, steps, degree),
      detune: 0,
      duration: slotSeconds(sound) * 2,
      velocity: Math.min(0.35, 0.12 + 0.04 * (g.count - 1)) * level,
      position: g.voice.position,
      source: 'reaction',
      row: -1,
      harmony: state.phase.harmony,
      glitch: state.glitch,
    });
  }
}

/** What the effects should do at t: the player automates its crusher, reverb and filter from this. */
export interface SoundMix {
  readonly glitch: number;
  readonly harmony: Harmony;
  /** Reverb wet 0..1: the sound's reverb, wider in the open harmony. */
  readonly reverb: number;
  /** Echo wet 0..1. */
  readonly delay: number;
  /** The phase's brightness (1 = as written): opens or closes the master filter. */
  readonly brightness: number;
  /** Master level 0..1: 0 in a hold or a full blackout (notes still ringing fade out), 1 otherwise. */
  readonly level: number;
}

/** How loud the show may sound in a state: silent during a hold, fading with the blackout. Notes starting
 * at a silent moment are not in the score at all. */
export function soundLevel(state: ShowState): number {
  return state.held ? 0 : clamp(1 - state.blackout, 0, 1);
}

export function mixAt(base: Installation, events: EventLog | readonly ShowEvent[], t: Seconds): SoundMix {
  const state = showAt(base, events, t);
  const sound = state.installation.spec.sound;
  const harmony = state.phase.harmony;
  const reverb = sound?.reverb ?? 0;
  return {
    glitch: state.glitch,
    harmony,
    reverb: clamp(harmony === 'open' ? reverb * 1.5 + 0.1 : reverb, 0, 1),
    delay: clamp(sound?.delay ?? 0, 0, 1),
    brightness: state.look.brightness,
    level: soundLevel(state),
  };
}
