import { characterCount } from '../../core/text.ts';
import en, { type Catalogue } from './catalogue/en.ts';
import { format } from './i18n.ts';

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
export function validateStory(draft: StoryDraft, rules: StoryRules, t: Catalogue = en): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!draft.material) problems.push({ field: 'material', message: t.chooseThing });
  else if (!rules.materials.includes(draft.material)) problems.push({ field: 'material', message: t.thingGone });
  if (!draft.emotion) problems.push({ field: 'emotion', message: t.chooseFeeling });
  else if (!rules.emotions.includes(draft.emotion)) problems.push({ field: 'emotion', message: t.feelingGone });
  const { length, remaining } = lengthInfo(draft.text, rules.maxLength);
  if (length === 0) problems.push({ field: 'text', message: t.writeFirst });
  else if (remaining < 0)
    problems.push({ field: 'text', message: format(remaining === -1 ? t.tooLongOne : t.tooLongOther, { n: -remaining, max: rules.maxLength }) });
  return problems;
}
