import { z } from 'zod';
import { identifier, withDefault } from './common.ts';

/** Seconds between two memories appearing, when the file does not say. */
export const MEMORY_EVERY_DEFAULT = 12;

const archiveFile = z
  .string()
  .regex(/\.json$/i, { message: "expected an archive .json file beside installation.yaml (the console's Export archive)" })
  .meta({ description: "An archive file (the operator console's Export archive) beside installation.yaml." });

export const memory = z
  .strictObject({
    archives: z
      .array(
        z.union([
          archiveFile,
          z.strictObject({
            file: archiveFile,
            label: z
              .string()
              .min(1)
              .max(32)
              .optional()
              .meta({ description: 'The tag its memories carry, e.g. "2026". Default: the year the archive was exported, else its title.' }),
          }),
        ]),
      )
      .min(1)
      .meta({ description: 'Past shows whose kept stories return in this one as memories, tagged with their year.' }),
    phase: identifier.optional().meta({ description: 'The phase (by id) during which the memories appear. Default: the last phase.' }),
    every: withDefault(z.number().positive().max(600), MEMORY_EVERY_DEFAULT, 'Seconds between two memories appearing, in the order they were told.'),
  })
  .meta({ description: 'Memories: the stories of past Rites, from their archives, returning during a phase of this show (not counted as new stories).' });
export type MemorySpec = z.infer<typeof memory>;
