import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createArchive, readArchive } from '../../src/core/archive.ts';
import { archiveContents } from '../../src/core/archive-contents.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { showAt } from '../../src/core/show.ts';

const CSV = [
  'id,name,category,level',
  'm0,Dyed cotton,textile,7',
  'm1,CCA decking,wood,9',
  'm2,Circuit boards,electronics,8',
  'm3,Harbour mud,sediment,6',
].join('\n');
const yaml = (extra = '') => `
title: Rite ${extra ? 'next year' : 'this year'}
data:
  materials: { file: m.csv }
sculptures:
  - { id: materials, data: materials, label: name, count: 200, color: { field: category } }
phases:
  - { id: gathering, duration: 60 }
  - { id: remembering, duration: 120, advance: cue }
audience:
  moderation: before
  stories: { display: { seconds: 20, max: 4 } }
${extra}`;

function compile(files: Record<string, string>) {
  const r = compileFromMap(files);
  if (!r.installation) throw new Error(JSON.stringify(r.diagnostics, null, 1));
  return r.installation;
}
const past = compile({ 'installation.yaml': yaml(), 'm.csv': CSV });

/** A past show: stories with and without consent, approved, hidden or left in the queue. */
const pastShow = fc
  .array(
    fc.record({
      text: fc.string({ minLength: 1, maxLength: 50 }).filter((t) => t.trim().length > 0),
      consent: fc.boolean(),
      fate: fc.constantFrom('approved', 'hidden', 'approved-then-hidden', 'held'),
      material: fc.constantFrom('m0', 'm1', 'm2', 'm3', 'gone'),
      emotion: fc.constantFrom('grief', 'hope', 'care'),
    }),
    { maxLength: 25 },
  )
  .map((stories) => {
    const bodies: EventBody[] = [{ type: 'installation', installation: past }];
    stories.forEach((s, i) => {
      const id = `past-story-${i}`;
      bodies.push({ type: 'story', id, text: s.text, emotion: s.emotion, material: s.material, lang: 'und', consent: s.consent });
      if (s.fate !== 'held' && s.fate !== 'hidden') bodies.push({ type: 'story-approved', id });
      if (s.fate === 'hidden' || s.fate === 'approved-then-hidden') bodies.push({ type: 'story-hidden', id });
    });
    const events = bodies.map((b, i) => ({ ...b, seq: i + 1, t: i * 2 }) as ShowEvent);
    const expected = stories.flatMap((s, i) => (s.consent && s.fate === 'approved' ? [{ id: `memory-0-past-story-${i}` }] : []));
    return { archive: createArchive(past, events, events.length * 2, '2026-11-28'), expected };
  });

const REMEMBER = 'memory:\n  archives: [rite-2026.json]\n  phase: remembering\n  every: 5\n';

describe('memories of past shows', () => {
  it('return the kept stories of a past archive during their phase, tagged with its year, never in the log', () => {
    fc.assert(
      fc.property(pastShow, fc.double({ min: 0, max: 400, noNaN: true }), ({ archive, expected }, t) => {
        const next = compile({ 'installation.yaml': yaml(REMEMBER), 'm.csv': CSV, 'rite-2026.json': JSON.stringify(archive) });
        expect((next.memories ?? []).map((m) => m.id)).toEqual(expected.map((e) => e.id));
        expect((next.memories ?? []).every((m) => m.tag === '2026')).toBe(true);
        // The new show's log: it starts, and the operator cues "remembering" at t = 30.
        const log: ShowEvent[] = [
          { type: 'installation', installation: next, seq: 1, t: 0 },
          { type: 'cue', phase: 'remembering', seq: 2, t: 30 },
        ];
        const state = showAt(next, log, t);
        const memories = state.stories.filter((s) => s.memory !== undefined);
        expect(state.stories.length).toBeLessThanOrEqual(4);
        if (t < 30) expect(memories).toEqual([]);
        for (const m of memories) {
          expect(m.memory).toBe('2026');
          expect(m.seq).toBe(0);
          expect(m.age).toBeGreaterThanOrEqual(0);
          expect(m.age).toBeLessThanOrEqual(20);
          expect(m.shownAt).toBeCloseTo(30 + 5 * expected.findIndex((e) => e.id === m.id), 9);
        }
        // Each memory, at its own moment, is on display.
        for (const [k, e] of expected.entries()) {
          expect(showAt(next, log, 30 + 5 * k + 2).stories.some((s) => s.id === e.id)).toBe(true);
        }
        // The new show's archive carries its memories in the installation, and does not count them as stories.
        const again = readArchive(JSON.stringify(createArchive(next, log, 400)));
        if (!again.ok) throw new Error(again.error);
        expect(again.archive.installation.memories).toEqual(next.memories);
        expect(archiveContents(again.archive).stories).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('say what is wrong with a remembered archive, where the file names it', () => {
    const damaged = JSON.stringify(createArchive(past, [], 1, '2026-11-28')).replace('"Rite this year"', '"Rite that year"');
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ 'rite-2026.json': damaged }, /rite-2026\.json is damaged/, 'memory.archives[0]'],
      [{ 'rite-2026.json': '{"name":"x"}' }, /not a Meshwork archive/, 'memory.archives[0]'],
      [{}, /archive "rite-2026\.json" not found/, 'memory.archives[0]'],
    ];
    for (const [files, message, path] of cases) {
      const r = compileFromMap({ 'installation.yaml': yaml(REMEMBER), 'm.csv': CSV, ...files });
      const d = r.diagnostics.find((x) => x.severity === 'error');
      expect(r.installation).toBeUndefined();
      expect(d?.message).toMatch(message);
      expect(d?.path).toBe(path);
      expect(d?.line).toBeGreaterThan(0);
      expect(d?.hint).toBeTruthy();
    }
    const wrongPhase = compileFromMap({
      'installation.yaml': yaml(REMEMBER.replace('phase: remembering', 'phase: rememberin')),
      'm.csv': CSV,
      'rite-2026.json': JSON.stringify(createArchive(past, [], 1)),
    });
    expect(wrongPhase.diagnostics.find((x) => x.path === 'memory.phase')?.message).toMatch(/no phase named "rememberin"/);
    const outside = compileFromMap({ 'installation.yaml': yaml(REMEMBER.replace('[rite-2026.json]', '[../rite-2026.json]')), 'm.csv': CSV });
    expect(outside.diagnostics.find((x) => x.severity === 'error')?.message).toMatch(/outside the installation folder/);
  });
});
