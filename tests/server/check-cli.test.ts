import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/core/archive.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { installationJsonSchema } from '../../server/json-schema.ts';
import { schemaReference, withReference } from '../../server/schema-reference.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../server/bin/meshwork.mjs');
const DEMO = join(import.meta.dirname, '../../installations/upcycling-rite');

async function meshwork(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: join(import.meta.dirname, '../..') });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'meshwork-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the demo with one edit applied to installation.yaml. */
function brokenCopy(name: string, edit: (yaml: string) => string): string {
  const dir = join(tmp, name);
  cpSync(DEMO, dir, { recursive: true });
  const file = join(dir, 'installation.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

// Each test runs the real command: a fresh Node that compiles the CLI's TypeScript (tsx) and the installation.
// That takes 3-5 s on a quiet machine and over 20 s at a load of 27 (measured), twice in the archive test:
// the time is the work, not a wait, so these tests have room for it.
describe('meshwork check', { timeout: 120_000 }, () => {
  it('checks archive files: a good one, a damaged one, a foreign one', async () => {
    const compiled = compileFolder(DEMO);
    if (!compiled.installation) throw new Error('the demo does not compile');
    const good = join(tmp, 'rite-archive.json');
    const text = JSON.stringify(createArchive(compiled.installation, [{ type: 'cue', phase: 'glitch', seq: 1, t: 4 }], 10));
    writeFileSync(good, text);
    writeFileSync(join(tmp, 'damaged.json'), text.replace('"phase":"glitch"', '"phase":"gl1tch"'));
    writeFileSync(join(tmp, 'foreign.json'), '{"dependencies":{}}');
    const ok = await meshwork('check', good);
    expect(ok.out).toMatch(/rite-archive\.json: ok \(archive of "The Upcycling Rite", 1 events, 0 kept stories, format version 2\)/);
    expect(ok.code).toBe(0);
    const bad = await meshwork('check', join(tmp, 'damaged.json'), join(tmp, 'foreign.json'));
    expect(bad.out).toMatch(/damaged\.json: error .*is damaged: its content does not match its contentHash\n    hint: /);
    expect(bad.out).toMatch(/foreign\.json: error .*is not a Meshwork archive/);
    expect(bad.out).not.toMatch(/\n\s+at /); // no stack trace
    expect(bad.code).toBe(1);
  });

  it('passes the demo installation with no errors', async () => {
    const r = await meshwork('check', DEMO);
    expect(r.out).not.toMatch(/error/);
    expect(r.out).toMatch(/upcycling-rite: ok \(1 sculpture\(s\), \d+ data rows, 5 phases/);
    expect(r.code).toBe(0);
  });

  it('prints each error of a broken copy with installation.yaml:LINE:COL, the path and a hint, and exits 1', async () => {
    const dir = brokenCopy(
      'broken',
      (y) =>
        y
          .replace('    label: name\n', '    label: name\n    colour: "#fff"\n') // unknown key
          .replace('tempo: 66', 'tempo: fast') // wrong type
          .replace('field: mass_kg, scale: { type: sqrt, range: [1500', 'field: mass, scale: { type: sqrt, range: [1500'), // field missing from the data
    );
    const r = await meshwork('check', dir);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const unknown = at(/installation\.yaml:\d+:\d+ error sculptures\[0\]\.colour: unknown field "colour"/);
    expect(unknown).toBeGreaterThanOrEqual(0);
    expect(lines[unknown + 1]).toMatch(/hint: did you mean "color"\?/);
    const type = at(/installation\.yaml:\d+:\d+ error sound\.tempo: expected a number, got text \("fast"\)/);
    expect(type).toBeGreaterThanOrEqual(0);
    expect(lines[type + 1]).toMatch(/hint: Beats per minute/);
    const field = at(/installation\.yaml:\d+:\d+ error sculptures\[0\]\.count\.field: field "mass" is not in materials\.csv/);
    expect(field).toBeGreaterThanOrEqual(0);
    expect(lines[field + 1]).toMatch(/hint: did you mean "mass_kg"\? \(fields in materials\.csv: id, name, category/);
    expect(r.out).toMatch(/3 error\(s\)/);
  });

  it('points a YAML syntax error at its line', async () => {
    const dir = brokenCopy('syntax', (y) => y.replace('  materials: { file: materials.csv, key: id }', '  materials: { file: materials.csv, key: id'));
    const r = await meshwork('check', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/installation\.yaml:\d+:\d+ error YAML syntax error/);
    expect(r.out).toMatch(/hint: /);
  });

  it('says so when the folder does not exist', async () => {
    const r = await meshwork('check', join(tmp, 'nope'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no such installation folder/);
  });
});

describe('JSON Schema for editors', () => {
  it('is committed up to date (run `npm run schema` after changing the schema)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../installations/installation.schema.json'), 'utf8'));
    expect(committed).toEqual(installationJsonSchema());
  });

  it('matches the reference in the README', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(withReference(readme, schemaReference(installationJsonSchema()))).toBe(readme);
  });

  it('is referenced at the top of every installation file', () => {
    expect(readFileSync(join(DEMO, 'installation.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../installation.schema.json');
  });
});
