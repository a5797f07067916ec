import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assetsFlag, numberFlag, parseArgs, readArchiveFile } from '../../server/command-args.ts';
import { createArchive } from '../../src/core/archive.ts';
import { demoInstallation } from '../e2e/display-server.ts';

const VALUED = new Set(['--from', '--to', '--out', '--assets']);
const SWITCHES = new Set(['--silent', '--paused']);
const dir = mkdtempSync(join(tmpdir(), 'meshwork-command-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A value a person may type: anything but a flag (negative numbers included). */
const value = fc.string({ minLength: 0, maxLength: 12 }).filter((v) => !v.startsWith('--'));
const word = fc.string({ minLength: 1, maxLength: 12 }).filter((v) => !v.startsWith('--'));
type Piece =
  | { readonly kind: 'valued'; readonly flag: string; readonly value: string }
  | { readonly kind: 'switch'; readonly flag: string }
  | { readonly kind: 'word'; readonly word: string };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({ kind: fc.constant('valued' as const), flag: fc.constantFrom(...VALUED), value }),
  fc.record({ kind: fc.constant('switch' as const), flag: fc.constantFrom(...SWITCHES) }),
  fc.record({ kind: fc.constant('word' as const), word }),
);
const argsOf = (pieces: readonly Piece[]) => pieces.flatMap((p) => (p.kind === 'valued' ? [p.flag, p.value] : p.kind === 'switch' ? [p.flag] : [p.word]));

describe('parseArgs (render, replay and film)', () => {
  it('gives back every flag (the last of each winning), every switch and every other word in order', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const parsed = parseArgs(argsOf(pieces), { valued: VALUED, switches: SWITCHES });
        if (!parsed.ok) throw new Error(parsed.error);
        const flags = new Map<string, string>();
        for (const p of pieces) if (p.kind !== 'word') flags.set(p.flag, p.kind === 'valued' ? p.value : 'true');
        expect(new Map(parsed.flags)).toEqual(flags);
        expect(parsed.positional).toEqual(pieces.flatMap((p) => (p.kind === 'word' ? [p.word] : [])));
      }),
      { numRuns: 300 },
    );
  });

  it('names the flag it does not know, and the flag whose value is missing or is another flag', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.constantFrom(...VALUED), fc.boolean(), (before, flag, last) => {
        const args = [...argsOf(before), flag, ...(last ? [] : ['--silent'])];
        expect(parseArgs(args, { valued: VALUED, switches: SWITCHES })).toEqual({ ok: false, error: `${flag} needs a value` });
      }),
      { numRuns: 100 },
    );
    expect(parseArgs(['a.json', '--fast'], { valued: VALUED })).toEqual({ ok: false, error: 'unknown option --fast' });
    // A switch of one command is an unknown option of another.
    expect(parseArgs(['--paused'], { valued: VALUED })).toEqual({ ok: false, error: 'unknown option --paused' });
  });

  it('reads numbers: absent is undefined, blank or not a number is NaN, negative numbers are values', () => {
    const parsed = parseArgs(['--from', '-5', '--to', ' ', '--out', '1e2x'], { valued: VALUED });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(numberFlag(parsed.flags, '--from')).toBe(-5);
    expect(numberFlag(parsed.flags, '--to')).toBeNaN();
    expect(numberFlag(parsed.flags, '--out')).toBeNaN();
    expect(numberFlag(parsed.flags, '--assets')).toBeUndefined();
  });
});

describe('readArchiveFile and --assets', () => {
  it('opens an archive, and says what is wrong with a missing, foreign or damaged file', () => {
    const installation = demoInstallation();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(createArchive(installation, [{ type: 'installation', installation, seq: 1, t: 0 }], 10)));
    const read = readArchiveFile(good);
    expect(read.ok && read.archive.installation.spec.title).toBe(installation.spec.title);

    expect(readArchiveFile(join(dir, 'none.json'))).toEqual({ ok: false, error: expect.stringMatching(/none\.json is not a file: give the \.json/) });
    expect(readArchiveFile(dir)).toEqual({ ok: false, error: expect.stringMatching(/is not a file/) });
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"name":"not-an-archive"}');
    expect(readArchiveFile(foreign)).toEqual({ ok: false, error: expect.stringMatching(/not a Meshwork archive[^]*\n {2}\S/) });
  });

  it('takes an existing folder for --assets and refuses anything else', () => {
    expect(assetsFlag(new Map())).toEqual({ ok: true });
    expect(assetsFlag(new Map([['--assets', dir]]))).toEqual({ ok: true, folder: dir });
    expect(assetsFlag(new Map([['--assets', join(dir, 'nope')]]))).toEqual({
      ok: false,
      error: expect.stringMatching(/nope is not a folder: give the installation folder/),
    });
  });
});
