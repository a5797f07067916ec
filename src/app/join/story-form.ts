import { characterCount } from '../../core/text.ts';

/**
 * The story form's rules, mirroring the server's checks (src/core/events.ts storyBody and the installation's
 * `audience.stories`), so the phone says what is wrong before sending. The server checks again: this only
 * saves a round trip and explains things in place.
 */
export interface StoryDraft {
  readonly material: string;
  readonly emotion: string;
  readonly text: string;
  readonly consent: boolean;
}

export interface StoryRules {
  /** `audience.stories.maxLength`: characters, counted after trimming, as the server counts them. */
  readonly maxLength: number;
  readonly emotions: readonly string[];
  readonly materials: readonly string[];
}

export type StoryField = 'material' | 'emotion' | 'text';

export interface FieldProblem {
  readonly field: StoryField;
  readonly message: string;
}

/** Length as the server measures it: the trimmed text's characters in code points (src/core/text.ts: an
 * emoji counts 1). */
export function storyLength(text: string): number {
  return characterCount(text.trim());
}

export interface LengthInfo {
  readonly length: number;
  readonly remaining: number;
  readonly over: boolean;
  /** Close to the limit: the counter changes colour. */
  readonly near: boolean;
  /** What the counter reads, e.g. "12 / 280". */
  readonly label: string;
}

export function lengthInfo(text: string, maxLength: number): LengthInfo {
  const length = storyLength(text);
  const remaining = maxLength - length;
  return {
    length,
    remaining,
    over: remaining < 0,
    near: remaining >= 0 && remaining <= Math.max(10, Math.round(maxLength * 0.1)),
    label: `${length} / ${maxLength}`,
  };
}

/** Every problem of a draft, in the order of the form. Empty when it may be sent. Consent is a choice,
 * not a requirement: either answer may be sent. */
export function validateStory(draft: StoryDraft, rules: StoryRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!draft.material) problems.push({ field: 'material', message: 'Choose the material your story is about.' });
  else if (!rules.materials.includes(draft.material))
    problems.push({ field: 'material', message: 'That material is no longer in the installation: choose another one.' });
  if (!draft.emotion) problems.push({ field: 'emotion', message: 'Choose how it made you feel.' });
  else if (!rules.emotions.includes(draft.emotion)) problems.push({ field: 'emotion', message: 'That feeling is no longer offered: choose another one.' });
  const { length, remaining } = lengthInfo(draft.text, rules.maxLength);
  if (length === 0) problems.push({ field: 'text', message: 'Write your story first.' });
  else if (remaining < 0)
    problems.push({ field: 'text', message: `Your story is ${-remaining} character${remaining === -1 ? '' : 's'} too long (at most ${rules.maxLength}).` });
  return problems;
}

/** A BCP 47 tag the protocol accepts (at most 35 characters), from navigator.language; "und" (undetermined)
 * when the browser gives none or something that is not a tag. */
export function languageTag(language: string | undefined): string {
  if (!language) return 'und';
  const tag = language.trim();
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag) && tag.length <= 35 ? tag : 'und';
}
