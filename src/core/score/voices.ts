import type { Installation } from '../installation.ts';
import type { DataTable } from '../data.ts';
import { encodeSculptures, numberEncoder, DEFAULT_RANGES } from '../encode.ts';
import type { Instrument, VoiceSpec } from '../schema/sound.ts';
import { clamp, type Vec3 } from '../units.ts';
import { isMissing } from '../row-filter.ts';

/** One data row as a voice plays it: its channels already mapped through their scales. */
export interface VoiceRow {
  /** Index of the row in its sculpture. */
  readonly index: number;
  readonly key: string;
  /** Scale degree (rounded to an integer by the score). */
  readonly degree: number;
  /** Notes per beat, >= 0. */
  readonly density: number;
  /** 0..1 */
  readonly velocity: number;
  /** Note length in beats, > 0. */
  readonly beats: number;
  readonly position: Vec3;
}

/** A voice of the installation: one per `sound.voices` entry, or one per value of its `groupBy` field. */
export interface SoundVoice {
  /** Unique in the installation: the voice's id (default its sculpture), then `/value` for a group. */
  readonly id: string;
  readonly sculpture: string;
  /** The groupBy value, or null for a whole-sculpture voice. */
  readonly group: string | null;
  readonly instrument: Instrument;
  /** With instrument `sample`: the audio file beside installation.yaml. */
  readonly sample: string | null;
  /** Level of the voice in dB. */
  readonly gain: number;
  /** Octave shift of the voice (the sound's octave is added by the score). */
  readonly octave: number;
  /** Where it sounds from: the centre of its rows. */
  readonly position: Vec3;
  readonly rows: readonly VoiceRow[];
  /** Sum of the rows' densities: the voice's notes per beat. */
  readonly density: number;
  /** Running sums of the rows' densities, to pick a row in proportion to its density by bisection. */
  readonly cumulative: readonly number[];
}

const cache = new WeakMap<Installation, readonly SoundVoice[]>();

/** The voices of an installation, computed once per installation version (cached), never for each window of notes. */
export function soundVoices(installation: Installation): readonly SoundVoice[] {
  let voices = cache.get(installation);
  if (!voices) {
    voices = buildVoices(installation);
    cache.set(installation, voices);
  }
  return voices;
}

function buildVoices(installation: Installation): SoundVoice[] {
  const spec = installation.spec.sound;
  if (!spec) return [];
  const sculptures = encodeSculptures(installation);
  const out: SoundVoice[] = [];
  const used = new Set<string>();
  spec.voices.forEach((v, vi) => {
    const sculpture = sculptures.find((s) => s.id === v.sculpture);
    const sculptureSpec = installation.spec.sculptures.find((s) => s.id === v.sculpture);
    const table = sculptureSpec ? installation.data[sculptureSpec.data] : undefined;
    // References are checked by the compiler; a voice naming nothing is skipped rather than thrown on.
    if (!sculpture || !table) return;
    // A row whose field is empty in a channel with `missing: hide` is silent in this voice.
    const hiding = (['pitch', 'density', 'velocity', 'duration'] as const).flatMap((c) => {
      const ch = v[c];
      return typeof ch === 'object' && ch.missing === 'hide' && ch.field !== undefined ? [ch.field] : [];
    });
    const rows = sculpture.rows.filter((r) => !hiding.some((f) => isMissing(r.data[f]))).map((r) => voiceRow(v, table, r.index, r.key, r.position, r.data));
    let base = v.id ?? v.sculpture;
    if (used.has(base)) base = `${base}-${vi + 1}`;
    used.add(base);
    if (!v.groupBy) {
      out.push(makeVoice(base, v, null, rows));
      return;
    }
    const field = v.groupBy;
    const groups = new Map<string, VoiceRow[]>();
    for (const r of rows) {
      const value = sculpture.rows[r.index]?.data[field];
      const g = value === null || value === undefined ? '(none)' : String(value);
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(r);
    }
    for (const [g, list] of groups) out.push(makeVoice(`${base}/${g}`, v, g, list));
  });
  return out;
}

function voiceRow(v: VoiceSpec, table: DataTable, index: number, key: string, position: Vec3, data: DataTable['rows'][number]): VoiceRow {
  const pitch = numberEncoder(v.pitch, table, DEFAULT_RANGES.pitch);
  const density = numberEncoder(v.density, table, DEFAULT_RANGES.density);
  const velocity = numberEncoder(v.velocity, table, DEFAULT_RANGES.velocity);
  const duration = numberEncoder(v.duration, table, DEFAULT_RANGES.duration);
  const finite = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
  return {
    index,
    key,
    degree: finite(pitch(data), 0),
    density: Math.max(0, finite(density(data), 0)),
    velocity: clamp(finite(velocity(data), 0.6), 0, 1),
    beats: Math.max(1 / 16, finite(duration(data), 1)),
    position,
  };
}

function makeVoice(id: string, v: VoiceSpec, group: string | null, rows: readonly VoiceRow[]): SoundVoice {
  const cumulative: number[] = [];
  let sum = 0;
  for (const r of rows) cumulative.push((sum += r.density));
  const n = Math.max(1, rows.length);
  const position: Vec3 = [
    rows.reduce((a, r) => a + r.position[0], 0) / n,
    rows.reduce((a, r) => a + r.position[1], 0) / n,
    rows.reduce((a, r) => a + r.position[2], 0) / n,
  ];
  return {
    id,
    sculpture: v.sculpture,
    group,
    instrument: v.instrument,
    sample: v.sample ?? null,
    gain: v.gain,
    octave: v.octave,
    position,
    rows,
    density: sum,
    cumulative,
  };
}

/** The row a uniform number u in [0, 1) picks, each row in proportion to its density. */
export function pickRow(voice: SoundVoice, u: number): VoiceRow | undefined {
  const target = u * voice.density;
  const c = voice.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((c[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return voice.rows[lo];
}

/** The voice a material (row key of a sculpture) sounds on: the group voice holding it, else the sculpture's
 * first voice, else the installation's first voice. */
export function voiceOfMaterial(
  voices: readonly SoundVoice[],
  sculpture: string | null,
  key: string,
): { voice: SoundVoice; row: VoiceRow | undefined } | undefined {
  for (const v of voices) {
    if (v.sculpture !== sculpture) continue;
    const row = v.rows.find((r) => r.key === key);
    if (row) return { voice: v, row };
  }
  const first = voices.find((v) => v.sculpture === sculpture) ?? voices[0];
  return first ? { voice: first, row: undefined } : undefined;
}
