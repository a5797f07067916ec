import { compileFromMap, type Installation } from '../../../src/core/installation.ts';
import type { EventBody, ShowEvent } from '../../../src/core/events.ts';

/** A small installation for score tests: 12 rows in 3 categories, a sound section given as YAML lines. */
export function scoreInstallation(sound: string, opts: { moderation?: 'before' | 'after' | 'off'; phases?: string; seed?: number } = {}): Installation {
  const csv = ['id,category,level,mass'];
  for (let i = 0; i < 12; i++) csv.push(`m${i},${['a', 'b', 'c'][i % 3]},${i % 10},${10 + i * 7}`);
  const yaml = `
title: Score test
seed: ${opts.seed ?? 11}
data:
  materials: { file: m.csv }
sculptures:
  - id: materials
    data: materials
    placement: { layout: ring, radius: 4 }
sound:
${sound
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
phases:
${(
  opts.phases ??
  `
  - { id: drone, duration: 60 }
  - { id: tense, duration: 30, harmony: tense, glitch: 0.9, transition: 1 }
  - { id: resolving, duration: 60, harmony: resolving, transition: 1 }
  - { id: open, duration: 600, harmony: open, transition: 1 }`
)
  .trim()
  .split('\n')
  .map((l) => `  ${l.trim()}`)
  .join('\n')}
audience:
  moderation: ${opts.moderation ?? 'before'}
`;
  const r = compileFromMap({ 'installation.yaml': yaml, 'm.csv': csv.join('\n') });
  if (!r.installation) throw new Error(`test installation failed: ${JSON.stringify(r.diagnostics, null, 1)}`);
  return r.installation;
}

export const logOf = (...items: [number, EventBody][]): ShowEvent[] => items.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);

export const story = (id: string, emotion: string, material = 'm4'): EventBody => ({
  type: 'story',
  id,
  text: `story ${id}`,
  emotion,
  material,
  lang: 'en',
  consent: true,
});
