import { z } from 'zod';
import { identifier, withDefault } from './common.ts';
import { field, numberChannel } from './channels.ts';

export const MODES = [
  'major',
  'minor',
  'ionian',
  'dorian',
  'phrygian',
  'lydian',
  'mixolydian',
  'aeolian',
  'locrian',
  'harmonic-minor',
  'melodic-minor',
  'major-pentatonic',
  'minor-pentatonic',
  'blues',
  'whole-tone',
  'chromatic',
] as const;
export type Mode = (typeof MODES)[number];

export const INSTRUMENTS = ['fm', 'am', 'synth', 'pluck', 'metal', 'membrane', 'noise', 'sample'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const voice = z.strictObject({
  id: identifier.optional().meta({ description: "The voice's name. Default: the sculpture id." }),
  sculpture: identifier.meta({ description: 'The sculpture this voice sounds from; its sound is placed there.' }),
  groupBy: field.optional().meta({ description: 'One voice per value of this field instead of one per sculpture.' }),
  instrument: withDefault(z.enum(INSTRUMENTS), 'fm', 'Synth of Tone.js: fm, am, synth, pluck, metal, membrane, noise, or sample.'),
  sample: z
    .string()
    .regex(/\.(wav|mp3|ogg|flac)$/i, { message: 'expected an audio file (.wav, .mp3, .ogg, .flac) beside installation.yaml' })
    .optional()
    .meta({ description: 'With instrument sample: an audio file beside installation.yaml.' }),
  pitch: withDefault(numberChannel, 0, "Scale degree of each row's notes (0 = the key's root, 7 = an octave up in a 7-note mode)."),
  density: withDefault(numberChannel, 0.5, 'Notes per beat of each row.'),
  velocity: withDefault(numberChannel, 0.6, 'Loudness of each note, 0..1.'),
  duration: withDefault(numberChannel, 1, 'Note length in beats.'),
  octave: withDefault(z.number().int().min(-3).max(3), 0, "Octave shift from the sound's octave."),
  gain: withDefault(z.number().max(12), 0, 'Level of this voice in dB.'),
});
export type VoiceSpec = z.infer<typeof voice>;

export const sound = z.strictObject({
  key: withDefault(z.string().regex(/^[A-G](#|b)?$/, { message: 'expected a key like "C", "F#" or "Bb"' }), 'C', 'The root note: C, C#, Db, D ... B.'),
  mode: withDefault(z.enum(MODES), 'minor', 'The scale.'),
  tempo: withDefault(z.number().min(20).max(300), 72, 'Beats per minute.'),
  octave: withDefault(z.number().int().min(1).max(7), 3, 'Octave of scale degree 0.'),
  volume: withDefault(z.number().max(0), -6, 'Master level in dB (a limiter keeps it from clipping).'),
  reverb: withDefault(z.number().min(0).max(1), 0.35, 'Reverb wet level, 0..1.'),
  delay: withDefault(z.number().min(0).max(1), 0.12, 'Echo wet level, 0..1.'),
  voices: z.array(voice).default([]).meta({ description: 'What plays. Default: none (silent installation).' }),
});
export type SoundSpec = z.infer<typeof sound>;
