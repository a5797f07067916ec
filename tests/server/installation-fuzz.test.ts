import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompileResult } from '../../src/core/installation.ts';
import { MAX_INSTALLATION_BYTES } from '../../src/core/text-file.ts';
import { compileFolder, INTERNAL_ERROR } from '../../server/installation-folder.ts';

/**
 * Bad installation input never crashes: a copy of the demo folder, its installation.yaml and materials.csv
 * mutated by fast-check (byte flips, truncation, splices, other encodings, NUL bytes, binary, empty, huge,
 * alias bombs, deep nesting, data paths out of the folder, ragged and extra CSV rows), compiled from disk by
 * compileFolder, as `check`, `serve` and a live edit do. No exception may escape, nothing may be an
 * internal error, and every error must say where (file, line >= 1, column >= 1), what and how to fix it.
 */
const DEMO = join(import.meta.dirname, '../../installations/upcycling-rite');
const YAML = readFileSync(join(DEMO, 'installation.yaml'));
const CSV = readFileSync(join(DEMO, 'materials.csv'));
const tmp = mkdtempSync(join(tmpdir(), 'meshwork-folder-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The folder the fuzz writes into: the demo, plus a link that leads out of it and a folder named like data. */
function fuzzFolder(name: string): string {
  const dir = join(tmp, name);
  cpSync(DEMO, dir, { recursive: true });
  writeFileSync(join(tmp, 'outside.csv'), CSV);
  symlinkSync(join(tmp, 'outside.csv'), join(dir, 'link.csv'));
  mkdirSync(join(dir, 'folder.csv'));
  return dir;
}

type Encoding = 'utf16le-bom' | 'utf16be-bom' | 'utf16le' | 'utf8-bom' | 'latin1';

function encode(bytes: Buffer, as: Encoding): Buffer {
  const text = bytes.toString('utf8');
  switch (as) {
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'latin1':
      return Buffer.from(text, 'latin1');
    default:
      return as satisfies never;
  }
}

/** A "billion laughs": each level an anchored list of `width` aliases of the one before. */
const bomb = (levels: number, width: number): string => {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let k = 1; k < levels; k++)
    lines.push(
      `l${k}: &l${k} [${Array(width)
        .fill(`*l${k - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
};

const nesting = (depth: number, flow: boolean): string =>
  flow ? `deep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n` : `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;

const PATHS = [
  '../materials.csv',
  '../../etc/passwd.csv',
  '/etc/passwd.csv',
  '/tmp/x.csv',
  'C:\\data\\x.csv',
  '\\\\server\\share\\x.csv',
  'link.csv',
  'folder.csv',
  'sub/../../x.csv',
  './materials.csv',
  'materials.csv\u0000.csv',
  'MATERIALS.CSV',
  '~/x.csv',
  'materials.json',
  'installation.yaml',
  '.csv',
  'a\nb.csv',
  '%2e%2e/x.csv',
  'materials.csv/',
  '…/x.csv',
];
/** Small pieces that mean something to YAML or CSV, or to a decoder. */
const SNIPPETS = [
  '\0',
  '\t',
  ': ',
  '- ',
  '[',
  '{',
  ']',
  '}',
  '"',
  "'",
  '&a ',
  '*a',
  '<<: *a',
  '\r',
  '\ufeff',
  '\u2028',
  ',',
  '""',
  '#',
  '|',
  '>',
  '---\n',
  '...\n',
  '!!binary ',
  '\\',
  '\ud800',
  '\n  ',
  'x'.repeat(300),
];

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly xor: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'splice'; readonly from: number; readonly length: number; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'encode'; readonly as: Encoding }
  | { readonly kind: 'empty' }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  | { readonly kind: 'huge' }
  | { readonly kind: 'bomb'; readonly levels: number; readonly width: number }
  | { readonly kind: 'nest'; readonly depth: number; readonly flow: boolean }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'ragged'; readonly line: number; readonly commas: number }
  | { readonly kind: 'rows'; readonly count: number };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const common: fc.Arbitrary<Mutation>[] = [
  fc.record({ kind: fc.constant('flip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('splice' as const), from: at, length: fc.integer({ min: 1, max: 400 }), at }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: 'binary', maxLength: 20 })) }),
  fc.record({ kind: fc.constant('encode' as const), as: fc.constantFrom<Encoding>('utf16le-bom', 'utf16be-bom', 'utf16le', 'utf8-bom', 'latin1') }),
];
const rare: fc.Arbitrary<Mutation>[] = [
  fc.constant({ kind: 'empty' as const }),
  fc.record({ kind: fc.constant('binary' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 2000 }) }),
];
const yamlMutation: fc.Arbitrary<Mutation> = fc.oneof(
  ...common.map((arbitrary) => ({ weight: 80, arbitrary })),
  ...rare.map((arbitrary) => ({ weight: 20, arbitrary })),
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('bomb' as const), levels: fc.integer({ min: 2, max: 9 }), width: fc.integer({ min: 2, max: 10 }) }) },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 300 }), flow: fc.boolean() }) },
  {
    weight: 80,
    arbitrary: fc.record({
      kind: fc.constant('path' as const),
      path: fc.oneof(
        fc.constantFrom(...PATHS),
        fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => `${s}.csv`),
      ),
    }),
  },
  // Rarely: larger than the cap (a pasted export).
  { weight: 1, arbitrary: fc.constant({ kind: 'huge' as const }) },
);
const csvMutation: fc.Arbitrary<Mutation> = fc.oneof(
  ...common.map((arbitrary) => ({ weight: 80, arbitrary })),
  ...rare.map((arbitrary) => ({ weight: 20, arbitrary })),
  { weight: 80, arbitrary: fc.record({ kind: fc.constant('ragged' as const), line: fc.nat(40), commas: fc.integer({ min: -3, max: 3 }) }) },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('rows' as const), count: fc.integer({ min: 1, max: 500 }) }) },
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const pos = (f: number) => Math.floor(f * (bytes.length + 1));
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = Buffer.from(bytes);
      const i = Math.min(bytes.length - 1, pos(m.at));
      out[i] = (out[i] as number) ^ m.xor;
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, pos(m.at));
    case 'splice': {
      const from = pos(m.from);
      return Buffer.concat([bytes.subarray(0, pos(m.at)), bytes.subarray(from, from + m.length), bytes.subarray(pos(m.at))]);
    }
    case 'delete':
      return Buffer.concat([bytes.subarray(0, pos(m.at)), bytes.subarray(pos(m.at) + m.length)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, pos(m.at)), Buffer.from(m.text, 'utf8'), bytes.subarray(pos(m.at))]);
    case 'encode':
      return encode(bytes, m.as);
    case 'empty':
      return Buffer.alloc(0);
    case 'binary':
      return Buffer.from(m.bytes);
    case 'huge':
      return Buffer.concat([bytes, Buffer.from(`# ${'x'.repeat(MAX_INSTALLATION_BYTES)}\n`)]);
    case 'bomb':
      return Buffer.concat([Buffer.from(bomb(m.levels, m.width)), bytes]);
    case 'nest':
      return Buffer.concat([bytes, Buffer.from(`\n${nesting(m.depth, m.flow)}`)]);
    case 'path':
      return Buffer.from(bytes.toString('utf8').replace('file: materials.csv', `file: ${JSON.stringify(m.path)}`));
    case 'ragged': {
      const lines = bytes.toString('utf8').split('\n');
      const k = m.line % Math.max(1, lines.length);
      const line = lines[k] ?? '';
      lines[k] = m.commas >= 0 ? line + ','.repeat(m.commas) : line.split(',').slice(0, m.commas).join(',');
      return Buffer.from(lines.join('\n'));
    }
    case 'rows': {
      const rows = Array.from({ length: m.count }, (_, i) => `extra-${i},Extra ${i},textile,none,${i % 11},none,${i + 1},here,2020,"a story, ${i}"`);
      return Buffer.concat([bytes, Buffer.from(`\n${rows.join('\n')}\n`)]);
    }
    default:
      return m satisfies never;
  }
}

/** What every result must satisfy, whatever the input: the first diagnostic that does not, or undefined.
 * (Plain checks: this runs for every diagnostic of thousands of folders.) */
function malformed(result: CompileResult): string | undefined {
  for (const d of result.diagnostics) {
    if (d.message.includes(INTERNAL_ERROR)) return `an internal error: ${JSON.stringify(d)}`;
    if (d.severity !== 'error') continue;
    const placed = typeof d.file === 'string' && d.file.length > 0 && Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1;
    if (!placed) return `an error without file:line:column: ${JSON.stringify(d)}`;
    if (!(d.message.length > 0 && (d.hint?.length ?? 0) > 0)) return `an error without a message and a hint: ${JSON.stringify(d)}`;
  }
  return undefined;
}

/** One file of the folder mutated, or both, one to three times each. With installation.yaml intact, the
 * CSV's mutations reach the data checks; with both, their errors must come together. */
const someMutations = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 });
const edits = fc.oneof(
  { weight: 1, arbitrary: fc.record({ yaml: someMutations(yamlMutation), csv: fc.constant<Mutation[]>([]) }) },
  { weight: 1, arbitrary: fc.record({ yaml: fc.constant<Mutation[]>([]), csv: someMutations(csvMutation) }) },
  { weight: 2, arbitrary: fc.record({ yaml: someMutations(yamlMutation), csv: someMutations(csvMutation) }) },
);
/** Mutated files to try (FUZZ_FILES overrides it for a quick local run). */
const FILES = Number(process.env.FUZZ_FILES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

describe('installation folder fuzz', () => {
  it('10,000 mutated installation files: no exception escapes compileFolder, every error has a place, a message and a hint', () => {
    const dir = fuzzFolder('fuzz');
    let files = 0;
    let refused = 0;
    let compileMs = 0;
    const began = performance.now();
    let folders = 0;
    // In rounds until enough files were mutated (a folder has one or two).
    while (files < FILES) {
      fc.assert(
        fc.property(edits, ({ yaml, csv }) => {
          writeFileSync(join(dir, 'installation.yaml'), yaml.reduce(mutate, YAML));
          writeFileSync(join(dir, 'materials.csv'), csv.reduce(mutate, CSV));
          folders++;
          files += (yaml.length > 0 ? 1 : 0) + (csv.length > 0 ? 1 : 0);
          let result: CompileResult | undefined;
          const c0 = performance.now();
          expect(() => (result = compileFolder(dir))).not.toThrow();
          compileMs += performance.now() - c0;
          if (!result) return;
          if (!result.installation) refused++;
          expect(malformed(result)).toBeUndefined();
        }),
        // Seeded (a round each), so that a landing never depends on luck; FUZZ_SEED=<n> explores further.
        { numRuns: 500, seed: SEED + folders },
      );
    }
    const seconds = (performance.now() - began) / 1000;
    console.log(
      `installation folder fuzz (seed ${SEED}): ${files} mutated files in ${folders} folders, ${refused} refused with diagnostics, ${seconds.toFixed(1)} s (${(compileMs / 1000).toFixed(1)} s compiling)`,
    );
    expect(files).toBeGreaterThanOrEqual(FILES);
  }, 1_800_000);
});

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../server/bin/meshwork.mjs');

async function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'check', dir], { cwd: join(import.meta.dirname, '../..'), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A line of a JavaScript stack trace ("    at f (file.ts:1:2)"). */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|<anonymous>)$/m;

describe('meshwork check on bad folders', () => {
  it('answers generated bad folders, an alias bomb and a data file outside the folder with exit code 1 and file:line:col, never a stack trace', async () => {
    const cases: { yaml: readonly Mutation[]; csv: readonly Mutation[] }[] = [
      { yaml: [{ kind: 'bomb', levels: 9, width: 9 }], csv: [] },
      { yaml: [{ kind: 'path', path: '../../outside.csv' }], csv: [] },
      { yaml: [{ kind: 'path', path: 'link.csv' }], csv: [] },
      { yaml: [{ kind: 'encode', as: 'utf16le' }], csv: [] },
      { yaml: [], csv: [{ kind: 'insert', at: 0.5, text: '\0' }] },
    ];
    // Generated ones that the compiler refuses (a mutation may leave the folder valid: a flipped comment).
    for (const e of fc.sample(edits, { seed: 8, numRuns: 60 })) {
      if (cases.length >= 9) break;
      const dir = fuzzFolder(`cli-probe-${cases.length}`);
      writeFileSync(join(dir, 'installation.yaml'), e.yaml.reduce(mutate, YAML));
      writeFileSync(join(dir, 'materials.csv'), e.csv.reduce(mutate, CSV));
      if (!compileFolder(dir).installation) cases.push(e);
    }
    for (const [k, e] of cases.entries()) {
      const dir = fuzzFolder(`cli-${k}`);
      writeFileSync(join(dir, 'installation.yaml'), e.yaml.reduce(mutate, YAML));
      writeFileSync(join(dir, 'materials.csv'), e.csv.reduce(mutate, CSV));
      const expected = compileFolder(dir).diagnostics.filter((d) => d.severity === 'error');
      const r = await check(dir);
      const what = `${JSON.stringify(e).slice(0, 300)}\n${r.stdout}\n${r.stderr}`;
      expect(r.code, what).toBe(1);
      expect(STACK_LINE.test(r.stderr) || STACK_LINE.test(r.stdout), what).toBe(false);
      // One line per error, at its file:line:col.
      const placed = r.stdout.split('\n').filter((l) => / error /.test(l) && /^\S+:\d+:\d+ error /.test(l));
      expect(placed.length, what).toBe(expected.length);
    }
  }, 300_000);
});
