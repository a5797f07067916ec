import { z } from 'zod';
import { MAX_STORY_CHARACTERS } from '../text.ts';
import { color, identifier, primitive, seconds, unit, vec3, withDefault, withFieldDefaults } from './common.ts';
import { colorChannel, field, numberChannel, placement, shapeChannel } from './channels.ts';
import { sound } from './sound.ts';
import { displays } from './displays.ts';
import { memory } from './memory.ts';
import { languageTag, wording } from './wording.ts';
import { caption, legend, rowFilter } from './rows.ts';

/** The installation file (`installations/<name>/installation.yaml`): the artist's interface. */

export const dataSource = z.strictObject({
  file: z
    .string()
    .regex(/\.(csv|json)$/i, { message: 'expected a .csv or .json file beside installation.yaml' })
    .meta({
      description:
        'A CSV (with a header row; fields separated by commas, semicolons or tabs, as the header shows) or JSON (an array of objects) file beside installation.yaml.',
    }),
  key: field.optional().meta({ description: 'The field that names each row uniquely. Default: `id` if present, else the row number.' }),
});

export const sculpture = z.strictObject({
  id: identifier.meta({ description: "The sculpture's name; stories and sound voices refer to it." }),
  data: identifier.meta({ description: 'The data source (a key of `data`) whose rows this sculpture draws.' }),
  label: field.optional().meta({ description: "The field shown as each row's name (phones, captions). Default: the data key." }),
  count: withDefault(numberChannel, 4000, 'Particles per row.'),
  color: colorChannel.default('#d8d2c4').meta({ description: 'Colour of the particles.' }),
  size: withDefault(numberChannel, 0.02, 'Particle size in metres.'),
  agitation: withDefault(numberChannel, 0.3, 'Turbulence of the flow field, 0 (still) .. 1 (restless).'),
  extent: withDefault(numberChannel, 0.8, "Size of each row's shape in metres."),
  shape: shapeChannel.default('cloud').meta({ description: 'The shape the particles form.' }),
  placement: withFieldDefaults(placement),
  filter: rowFilter.optional(),
  caption: caption.optional(),
  legend: legend.optional(),
  lang: languageTag.optional().meta({
    description:
      "The language of this sculpture's data texts (labels, captions, its legend), e.g. `ja`, `zh-Hant`, `ko`: it picks how Han characters are drawn (Japanese, Traditional or Simplified Chinese, Korean forms). Default: the installation's `lang`, else guessed from each text's characters (kana: Japanese, hangul: Korean, else Simplified Chinese).",
  }),
});
export type SculptureSpec = z.infer<typeof sculpture>;

export const phase = z.strictObject({
  id: identifier.meta({ description: "The phase's name, shown to the operator and used by cues." }),
  label: z.string().optional().meta({ description: 'A longer title for the operator console.' }),
  duration: z.number().positive().meta({ description: 'How long the phase lasts (seconds).' }),
  advance: withDefault(
    z.enum(['auto', 'cue']),
    'auto',
    'auto: the next phase follows when the duration is over; cue: the phase holds until the operator fires the next cue.',
  ),
  transition: seconds('Time to morph from the previous phase into this one').default(4),
  form: unit("How far particles hold their shape: 0 is chaos (a loose cloud), 1 is the sculpture's form").default(1),
  shape: primitive.optional().meta({ description: "Overrides every sculpture's shape during this phase." }),
  agitation: withDefault(z.number().nonnegative(), 1, "Multiplies every sculpture's agitation."),
  glitch: unit('Glitch intensity: flicker, tearing, chromatic split, particles breaking loose').default(0),
  brightness: withDefault(z.number().nonnegative(), 1, 'Multiplies particle brightness.'),
  harmony: withDefault(
    z.enum(['drone', 'tense', 'resolving', 'open']),
    'drone',
    'How the sound colours this phase: drone, tense (detuned, crushed, stuttering), resolving (moves home), open (consonant, spacious).',
  ),
});
export type PhaseSpec = z.infer<typeof phase>;

const burst = z.strictObject({
  strength: withDefault(z.number().nonnegative(), 1, 'How far particles are pushed, in metres.'),
  seconds: withDefault(z.number().positive(), 6, 'How long the wave lasts (seconds).'),
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
  moderation: withDefault(
    z.enum(['before', 'after', 'off']),
    'before',
    'before: stories appear once the operator approves them; after: they appear at once and the operator may hide them; off: no queue (the operator can still hide).',
  ),
  joinCode: z.string().min(3).optional().meta({ description: 'A code that viewers and phones must give to join (private events).' }),
  wording,
  stories: withFieldDefaults(
    z.strictObject({
      enabled: z.boolean().default(true),
      maxLength: withDefault(
        z.number().int().min(20).max(MAX_STORY_CHARACTERS),
        280,
        'Longest story, in characters (Unicode code points, as people count them: an emoji is one).',
      ),
      emotions: z
        .record(identifier, color)
        .default({ ...DEFAULT_EMOTIONS })
        .meta({
          description: 'The emotions a story may carry, each with the colour it tints its material.',
        }),
      attachTo: identifier.optional().meta({ description: 'The sculpture whose rows (materials) a story attaches to. Default: the first sculpture.' }),
      display: withFieldDefaults(
        z.strictObject({
          seconds: withDefault(z.number().positive(), 40, 'How long a story stays in the room (seconds).'),
          max: withDefault(z.number().int().positive(), 6, 'Most stories shown at once.'),
        }),
      ),
      burst: withFieldDefaults(burst),
    }),
  ),
  reactions: withFieldDefaults(
    z.strictObject({
      enabled: z.boolean().default(true),
      kinds: z.array(z.string().min(1).max(16)).min(1).default(['heart', 'fire', 'seedling', 'tear']).meta({
        description: 'The reactions a phone offers.',
      }),
      burst: burst.default({ strength: 0.3, seconds: 3 }),
    }),
  ),
  limits: withFieldDefaults(
    z.strictObject({
      storiesPerMinute: withDefault(
        z.number().int().positive(),
        3,
        'Per device (each phone has its own); an address may send 200 times as much, a ceiling for a room behind one router.',
      ),
      reactionsPerMinute: withDefault(
        z.number().int().positive(),
        60,
        'Per device (each phone has its own); an address may send 200 times as much, a ceiling for a room behind one router.',
      ),
    }),
  ),
});
export type AudienceSpec = z.infer<typeof audience>;

export const installationSchema = z
  .strictObject({
    meshwork: withDefault(z.literal(1), 1, 'Version of the installation format.'),
    title: z.string().min(1).meta({ description: "The installation's title." }),
    description: z.string().optional(),
    seed: z.union([z.number(), z.string()]).optional().meta({ description: 'Seed of every random choice. Default: the title.' }),
    data: z.record(identifier, dataSource).meta({ description: 'Named data sources: files beside installation.yaml.' }),
    sculptures: z.array(sculpture).min(1).meta({ description: 'What the data becomes in the room.' }),
    sound: sound.optional(),
    phases: z
      .array(phase)
      .min(1)
      .default([phase.parse({ id: 'show', duration: 3600 })])
      .meta({ description: "The Rite's phases, in order; the operator fires cues to move between them." }),
    audience: withFieldDefaults(audience),
    displays: withFieldDefaults(displays),
    memory: memory.optional(),
    lang: languageTag.optional().meta({
      description:
        "The language of the installation's own texts (data labels and captions, legends) where a sculpture does not give its `lang`. Default: guessed from each text's characters.",
    }),
  })
  .meta({
    title: 'Meshwork installation',
    description: 'An installation file for Meshwork: data sources, sculptures, sound, the phases of the show, audience input and displays.',
  });

/** The installation file as the artist wrote it (before defaults). */
export type InstallationInput = z.input<typeof installationSchema>;
/** The installation file with every default filled in. */
export type InstallationSpec = z.infer<typeof installationSchema>;
