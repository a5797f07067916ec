import { z } from 'zod';
import { color, identifier, primitive, seconds, unit, vec3 } from './common.ts';
import { colorChannel, field, numberChannel, placement, shapeChannel } from './channels.ts';
import { sound } from './sound.ts';
import { displays } from './displays.ts';
import { memory } from './memory.ts';

/** The installation file (`installations/<name>/installation.yaml`): the artist's interface. */

export const dataSource = z.strictObject({
  file: z
    .string()
    .regex(/\.(csv|json)$/i, { message: 'expected a .csv or .json file beside installation.yaml' })
    .meta({ description: 'A CSV (with a header row) or JSON (an array of objects) file beside installation.yaml.' }),
  key: field.optional().meta({ description: 'The field that names each row uniquely. Default: `id` if present, else the row number.' }),
});

export const sculpture = z.strictObject({
  id: identifier.meta({ description: 'The sculpture\'s name; stories and sound voices refer to it.' }),
  data: identifier.meta({ description: 'The data source (a key of `data`) whose rows this sculpture draws.' }),
  label: field.optional().meta({ description: 'The field shown as each row\'s name (phones, captions). Default: the data key.' }),
  count: numberChannel.default(4000).meta({ description: 'Particles per row. Default 4000.' }),
  color: colorChannel.default('#d8d2c4').meta({ description: 'Colour of the particles.' }),
  size: numberChannel.default(0.02).meta({ description: 'Particle size in metres. Default 0.02.' }),
  agitation: numberChannel.default(0.3).meta({ description: 'Turbulence of the flow field, 0 (still) .. 1 (restless). Default 0.3.' }),
  extent: numberChannel.default(0.8).meta({ description: 'Size of each row\'s shape in metres. Default 0.8.' }),
  shape: shapeChannel.default('cloud').meta({ description: 'The shape the particles form.' }),
  placement: placement.default({ layout: 'ring', center: [0, 1.4, 0], radius: 4, spacing: 1.5 }),
});
export type SculptureSpec = z.infer<typeof sculpture>;

export const phase = z.strictObject({
  id: identifier.meta({ description: 'The phase\'s name, shown to the operator and used by cues.' }),
  label: z.string().optional().meta({ description: 'A longer title for the operator console.' }),
  duration: z.number().positive().meta({ description: 'How long the phase lasts (seconds).' }),
  advance: z.enum(['auto', 'cue']).default('auto').meta({
    description: 'auto: the next phase follows when the duration is over; cue: the phase holds until the operator fires the next cue. Default auto.',
  }),
  transition: seconds('Time to morph from the previous phase into this one').default(4),
  form: unit('How far particles hold their shape: 0 is chaos (a loose cloud), 1 is the sculpture\'s form').default(1),
  shape: primitive.optional().meta({ description: 'Overrides every sculpture\'s shape during this phase.' }),
  agitation: z.number().nonnegative().default(1).meta({ description: 'Multiplies every sculpture\'s agitation. Default 1.' }),
  glitch: unit('Glitch intensity: flicker, tearing, chromatic split, particles breaking loose').default(0),
  brightness: z.number().nonnegative().default(1).meta({ description: 'Multiplies particle brightness. Default 1.' }),
  harmony: z.enum(['drone', 'tense', 'resolving', 'open']).default('drone').meta({
    description: 'How the sound colours this phase: drone, tense (detuned, crushed, stuttering), resolving (moves home), open (consonant, spacious). Default drone.',
  }),
});
export type PhaseSpec = z.infer<typeof phase>;

const burst = z.strictObject({
  strength: z.number().nonnegative().default(1).meta({ description: 'How far particles are pushed, in metres. Default 1.' }),
  seconds: z.number().positive().default(6).meta({ description: 'How long the wave lasts (seconds). Default 6.' }),
});

export const DEFAULT_EMOTIONS = {
  grief: '#5b6fd6',
  anger: '#e0452b',
  fear: '#8a5fb0',
  care: '#e8a23a',
  hope: '#58c48c',
  defiance: '#f0d23a',
} as const;

export const audience = z.strictObject({
  moderation: z.enum(['before', 'after', 'off']).default('before').meta({
    description: 'before: stories appear once the operator approves them; after: they appear at once and the operator may hide them; off: no queue (the operator can still hide). Default before.',
  }),
  joinCode: z.string().min(3).optional().meta({ description: 'A code that viewers and phones must give to join (private events).' }),
  stories: z
    .strictObject({
      enabled: z.boolean().default(true),
      maxLength: z.number().int().min(20).max(2000).default(280).meta({ description: 'Longest story, in characters. Default 280.' }),
      emotions: z.record(identifier, color).default({ ...DEFAULT_EMOTIONS }).meta({
        description: 'The emotions a story may carry, each with the colour it tints its material.',
      }),
      attachTo: identifier.optional().meta({ description: 'The sculpture whose rows (materials) a story attaches to. Default: the first sculpture.' }),
      display: z
        .strictObject({
          seconds: z.number().positive().default(40).meta({ description: 'How long a story stays in the room (seconds). Default 40.' }),
          max: z.number().int().positive().default(6).meta({ description: 'Most stories shown at once. Default 6.' }),
        })
        .default({ seconds: 40, max: 6 }),
      burst: burst.default({ strength: 1, seconds: 6 }),
    })
    .default({
      enabled: true,
      maxLength: 280,
      emotions: { ...DEFAULT_EMOTIONS },
      display: { seconds: 40, max: 6 },
      burst: { strength: 1, seconds: 6 },
    }),
  reactions: z
    .strictObject({
      enabled: z.boolean().default(true),
      kinds: z.array(z.string().min(1).max(16)).min(1).default(['heart', 'fire', 'seedling', 'tear']).meta({
        description: 'The reactions a phone offers.',
      }),
      burst: burst.default({ strength: 0.3, seconds: 3 }),
    })
    .default({ enabled: true, kinds: ['heart', 'fire', 'seedling', 'tear'], burst: { strength: 0.3, seconds: 3 } }),
  limits: z
    .strictObject({
      storiesPerMinute: z.number().int().positive().default(3).meta({ description: 'Per phone and per address. Default 3.' }),
      reactionsPerMinute: z.number().int().positive().default(60).meta({ description: 'Per phone and per address. Default 60.' }),
    })
    .default({ storiesPerMinute: 3, reactionsPerMinute: 60 }),
});
export type AudienceSpec = z.infer<typeof audience>;

export const installationSchema = z
  .strictObject({
    meshwork: z.literal(1).default(1).meta({ description: 'Version of the installation format. Default 1.' }),
    title: z.string().min(1).meta({ description: 'The installation\'s title.' }),
    description: z.string().optional(),
    seed: z.union([z.number(), z.string()]).optional().meta({ description: 'Seed of every random choice. Default: the title.' }),
    data: z.record(identifier, dataSource).meta({ description: 'Named data sources: files beside installation.yaml.' }),
    sculptures: z.array(sculpture).min(1).meta({ description: 'What the data becomes in the room.' }),
    sound: sound.optional(),
    phases: z.array(phase).min(1).default([{
      id: 'show', duration: 3600, advance: 'auto', transition: 4, form: 1, agitation: 1, glitch: 0, brightness: 1, harmony: 'drone',
    }]).meta({ description: 'The Rite\'s phases, in order; the operator fires cues to move between them.' }),
    audience: audience.default(audience.parse({})),
    displays: displays.default(displays.parse({})),
    memory: memory.optional(),
  })
  .meta({
    title: 'Meshwork installation',
    description: 'An installation file for Meshwork: data sources, sculptures, sound, the phases of the show, audience input and displays.',
  });

/** The installation file as the artist wrote it (before defaults). */
export type InstallationInput = z.input<typeof installationSchema>;
/** The installation file with every default filled in. */
export type InstallationSpec = z.infer<typeof installationSchema>;
