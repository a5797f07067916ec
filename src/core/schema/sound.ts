import { z } from 'zod';
import { identifier } from './common.ts';
import { field, numberChannel } from './channels.ts';

export const MODES = [
  'major', 'minor', 'ionian', 'dorian', 'phrygian', 'lydian', 'mixolydian', 'aeolian', 'locrian',
  'harmonic-minor', 'melodic-minor', 'major-pentatonic', 'minor-pentatonic', 'blues', 'whole-tone', 'chromatic',
] as const;
export type Mode = (typeof MODES)[number];

export const INSTRUMENTS = ['fm', 'am', 'synth', 'pluck', 'metal', 'membrane', 'noise', 'sample'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const voice = z.strictObject({
  id: identifier.optional().meta({ description: 'The voice\'s name. Default: the sculpture id.' }),
  sculpture: identifier.meta({ description: 'The sculpture this voice sounds from; its sound is placed there.' }),
  groupBy: field.optional().meta({ description: 'One voice per value of this field instead of one per sculpture.' }),
  instrument: z.enum(INSTRUMENTS).default('fm').meta({ description: 'Synth of Tone.js: fm, am, synth, pluck, metal, membrane, noise, or sample. Default fm.' }),
  sample: z.string().regex(/\.(wav|mp3|ogg|flac)$/i, { message: 'expected an audio file (.wav, .mp3, .ogg, .flac) beside installation.yaml' }).optional()
    .meta({ description: 'With instrument sample: an audio file beside installation.yaml.' }),
  pitch: numberChannel.default(0).meta({ description: 'Scale degree of each row\'s notes (0 = the key\'s root, 7 = an octave up in a 7-note mode). Default 0.' }),
  density: numberChannel.default(0.5).meta({ description: 'Notes per beat of each row. Default 0.5.' }),
  velocity: numberChannel.default(0.6).meta({ description: 'Loudness of each note, 0..1. Default 0.6.' }),
  duration: numberChannel.default(1).meta({ description: 'Note length in beats. Default 1.' }),
  octave: z.number().int().min(-3).max(3).default(0).meta({ description: 'Octave shift from the sound\'s octave. Default 0.' }),
  gain: z.number().max(12).default(0).meta({ description: 'Level of this voice in dB. Default 0.' }),
});
export type VoiceSpec = z.infer<typeof voice>;

export const sound = z.strictObject({
  key: z.string().regex(/^[A-G](#|b)?$/, { message: 'expected a key like "C", "F#" or "Bb"' }).default('C')
    .meta({ description: 'The root note: C, C#, Db, D ... B. Default C.' }),
  mode: z.enum(MODES).default('minor').meta({ description: 'The scale. Default minor.' }),
  tempo: z.number().min(20).max(300).default(72).meta({ description: 'Beats per minute. Default 72.' }),
  octave: z.number().int().min(1).max(7).default(3).meta({ description: 'Octave of scale degree 0. Default 3.' }),
  volume: z.number().max(0).default(-6).meta({ description: 'Master level in dB (a limiter keeps it from clipping). Default -6.' }),
  reverb: z.number().min(0).max(1).default(0.35).meta({ description: 'Reverb wet level, 0..1. Default 0.35.' }),
  delay: z.number().min(0).max(1).default(0.12).meta({ description: 'Echo wet level, 0..1. Default 0.12.' }),
  voices: z.array(voice).default([]).meta({ description: 'What plays. Default: none (silent installation).' }),
});
export type SoundSpec = z.infer<typeof sound>;
