import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, createArchive, readArchive, type ArchiveRead } from '../../src/core/archive.ts';
import { syntheticInstallation, syntheticLog } from '../fixtures/synthetic.ts';

const installation = syntheticInstallation(6);
const archiveOf = (n: number, seed: number) => createArchive(installation, syntheticLog(n, 300, 6, seed), 301);

/** A refusal is for a person: it says what is wrong and what to do. */
function expectRefused(read: ArchiveRead, message?: RegExp): void {
  expect(read.ok).toBe(false);
  if (read.ok) return;
  expect(read.error.length).toBeGreaterThan(10);
  expect(read.hint.length).toBeGreaterThan(10);
  if (message) expect(read.error).toMatch(message);
}

describe('archive files', () => {
  it('read back exactly what was written, compact or pretty-printed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), fc.boolean(), (n, seed, pretty) => {
        const archive = archiveOf(n, seed);
        const read = readArchive(JSON.stringify(archive, null, pretty ? 2 : undefined));
        expect(read).toEqual({ ok: true, archive });
      }),
      { numRuns: 60 },
    );
  });

  it('refuse a damaged file (a changed character, a cut) or read it unchanged, and never throw', () => {
    const text = JSON.stringify(archiveOf(60, 3));
    const original = readArchive(text);
    let refused = 0;
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.integer({ min: 32, max: 0x2fff }), (at, code) => {
        const damaged = text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
        const read = readArchive(damaged);
        // Only a change that keeps the content (whitespace, say) may be read, and then it reads the same.
        if (read.ok) expect(read).toEqual(original);
        else {
          refused++;
          expectRefused(read);
        }
      }),
      { numRuns: 2000 },
    );
    expect(refused).toBeGreaterThan(1900);
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), (cut) => expectRefused(readArchive(text.slice(0, cut)))),
      { numRuns: 300 },
    );
  });

  it('refuse any other JSON as foreign, naming the format it lacks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expectRefused(readArchive(JSON.stringify(value)), /not a Meshwork archive|no valid formatVersion|damaged|newer/)),
      { numRuns: 500 },
    );
    expectRefused(readArchive('[{"type":"cue","phase":"x","seq":1,"t":0}]'), /not a Meshwork archive.*--events/);
    expectRefused(readArchive('not json'), /not JSON/);
  });

  it('read every earlier version, and refuse a newer one', () => {
    const current = archiveOf(40, 9);
    const { contentHash: _hash, ...rest } = current;
    const v1 = { ...rest, formatVersion: 1 };
    expect(readArchive(JSON.stringify(v1))).toEqual({ ok: true, archive: current });
    // A version-1 file had no hash, so only its shape is checked: a broken log is still refused.
    const gap = { ...v1, events: v1.events.filter((e) => e.seq !== 7) };
    expectRefused(readArchive(JSON.stringify(gap)), /event 7 has seq 8.*without gaps/);
    const backwards = { ...v1, events: v1.events.map((e) => (e.seq === 5 ? { ...e, t: -1 } : e)) };
    expectRefused(readArchive(JSON.stringify(backwards)), /event 5 \(seq 5\) goes back in time/);
    const unknown = { ...v1, events: v1.events.map((e) => (e.seq === 3 ? { ...e, type: 'fireworks' } : e)) };
    expectRefused(readArchive(JSON.stringify(unknown)), /event 3 has an unknown type "fireworks"/);
    expectRefused(readArchive(JSON.stringify({ ...current, formatVersion: ARCHIVE_VERSION + 1 })), /format version 3.*reads versions 1 to 2/);
    expect(current.format).toBe(ARCHIVE_FORMAT);
  });

  it('read a file saved with a byte order mark', () => {
    const archive = archiveOf(10, 1);
    expect(readArchive(`\uFEFF${JSON.stringify(archive)}`)).toEqual({ ok: true, archive });
  });
});
