import yaml from '../../../installations/upcycling-rite/installation.yaml?raw';
import materials from '../../../installations/upcycling-rite/materials.csv?raw';
import { compileFromMap, type Installation } from '../../core/installation.ts';
import type { EventBody, ShowEvent } from '../../core/events.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';

/** The demo installation (installations/upcycling-rite), compiled from files bundled into the page.
 * `edits` replaces text in installation.yaml first (a live edit, for tests). */
export function demoInstallation(edits: Readonly<Record<string, string>> = {}): Installation {
  const text = Object.entries(edits).reduce((y, [from, to]) => y.replace(from, to), yaml);
  const result = compileFromMap({ 'installation.yaml': text, 'materials.csv': materials });
  if (!result.installation) throw new Error(`the demo installation does not compile:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result.installation;
}

/**
 * A scripted run of the Rite for previews, tests and benchmarks. gathering (0-90 s) and glitch (90-130 s)
 * advance by themselves; crisis (from 130 s) is `advance: cue`, so it holds until the operator's cue for
 * transformation at 250 s; transformation lasts 90 s, so resilience begins at 340 s and has finished its
 * 12 s morph long before 420 s. Stories are approved during the glitch (bursts at about 105 s) and shortly
 * before 420 s (tints and bursts in resilience).
 */
export const DEMO_TIMES = { glitch: 105, resilience: 420 } as const;

export function demoEvents(): ShowEvent[] {
  const bodies: [number, EventBody][] = [
    [
      96,
      {
        type: 'story',
        id: 'story-raincoat',
        text: 'It kept me dry and poisoned the river.',
        emotion: 'anger',
        material: 'pfas-raincoat',
        lang: 'en',
        consent: true,
      },
    ],
    [101, { type: 'story-approved', id: 'story-raincoat' }],
    [
      102,
      {
        type: 'story',
        id: 'story-door',
        text: 'My daughter chewed that door frame.',
        emotion: 'grief',
        material: 'lead-paint-door',
        lang: 'en',
        consent: true,
      },
    ],
    [103.5, { type: 'story-approved', id: 'story-door' }],
    [104, { type: 'reaction', kind: 'fire', material: 'firefighting-suit' }],
    [250, { type: 'cue', phase: 'transformation' }],
    [
      405,
      {
        type: 'story',
        id: 'story-carpet',
        text: 'We pulled it up ourselves and made a garden path.',
        emotion: 'hope',
        material: 'pfas-carpet',
        lang: 'en',
        consent: true,
      },
    ],
    [414, { type: 'story-approved', id: 'story-carpet' }],
    [417, { type: 'reaction', kind: 'seedling', material: 'pfas-carpet' }],
  ];
  return bodies.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);
}
