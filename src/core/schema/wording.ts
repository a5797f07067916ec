import { z } from 'zod';
import { identifier } from './common.ts';

/**
 * `audience.wording`: what the phone page says about this installation, in one or more languages. The
 * page's own words (buttons, errors, the connection) come from its catalogue (src/app/join/catalogue/);
 * these are the words only the artist can write: what stories attach to, the questions, the consent.
 * Every entry is optional: what an entry leaves out, the catalogue says in general terms ("What is your
 * story about?"). The phone uses the entry of its language (an exact tag, else the same primary
 * language, e.g. `pt` for `pt-BR`), and the catalogue's general words when there is none, so a page never
 * mixes two languages.
 */

/** A BCP 47 language tag such as `en`, `pt-BR`, `ja`, `ar`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const languageTag = z.string().regex(LANGUAGE_TAG, { message: 'expected a language tag such as "en", "pt-BR", "ja" or "ar"' });

const line = (max: number, description: string) => z.string().trim().min(1).max(max).meta({ description });

export const wordingEntry = z
  .strictObject({
    noun: line(40, 'What stories attach to, as a plural name for the list, e.g. "Materials" or "Sampling sites".').optional(),
    question: line(80, 'The first question, e.g. "Which material is your story about?".').optional(),
    search: line(80, 'The hint in the search box, e.g. "Search: a name or a kind (textile)".').optional(),
    prompt: line(120, 'The heading of the story form, e.g. "Tell the room what you lived through".').optional(),
    feeling: line(80, 'The question over the emotions, e.g. "How did it make you feel?".').optional(),
    placeholder: line(160, 'A hint shown in the empty story box.').optional(),
    consent: line(400, 'What ticking the consent box means, e.g. "Keep my story in the archive and replay it at next year\'s Rite."').optional(),
    emotions: z
      .record(identifier, line(40, 'The emotion as people read it in this language.'))
      .optional()
      .meta({ description: 'Names of `audience.stories.emotions` in this language, by their id. Default: the id.' }),
    reactions: z
      .record(z.string().min(1).max(16), line(40, 'The reaction as people read it in this language.'))
      .optional()
      .meta({ description: 'Names of `audience.reactions.kinds` in this language, by kind. Default: the kind.' }),
  })
  .meta({ description: "The phone page's words for this installation in one language; what is left out is said in general terms." });
export type WordingEntry = z.infer<typeof wordingEntry>;

export const wording = z.record(languageTag, wordingEntry).optional().meta({
  description:
    'What the phone page says about this installation, by language tag (e.g. `en`, `ja`, `pt-BR`): the noun for what stories attach to, the questions, the consent text. The page shows the entry of its language, else general words in its language.',
});
export type Wording = z.infer<typeof wording>;
