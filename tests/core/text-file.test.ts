import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ROWS, parseCsv, parseJsonTable } from '../../src/core/data.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { jsonErrorOffset } from '../../src/core/json-locate.ts';
import { checkText, decodeText, positionAt } from '../../src/core/text-file.ts';
import { MAX_YAML_ALIASES, parseYaml } from '../../src/core/yaml-source.ts';

const LIMIT = 1024 * 1024;
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

describe('decodeText: every encoding an editor writes is read or refused clearly', () => {
  it('reads UTF-8, UTF-8 with a BOM, UTF-16 LE and BE with a BOM to the same text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)),
        (text) => {
          const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
          const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
          const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
          for (const b of [Buffer.from(text), bom, le, be]) expect(decodeText('f.yaml', bytes(b), LIMIT)).toEqual({ text, diagnostics: [] });
        },
      ),
    );
  });

  it('reads Latin-1 with a warning at the first byte that is not UTF-8', () => {
    const r = decodeText('materials.csv', bytes(Buffer.from('id,name\nx,Café\n', 'latin1')), LIMIT);
    expect(r.text).toBe('id,name\nx,Café\n');
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', file: 'materials.csv', line: 2, column: 6 }]);
  });

  it('refuses UTF-16 without a BOM, NUL bytes and binary files at their position, and files over the limit', () => {
    expect(decodeText('f.yaml', bytes(Buffer.from('title: x\nseed: 1\n', 'utf16le')), LIMIT).diagnostics).toMatchObject([
      { severity: 'error', line: 1, column: 1, message: expect.stringContaining('UTF-16') },
    ]);
    expect(decodeText('f.csv', bytes(Buffer.from('id\nab\0c\n')), LIMIT).diagnostics).toMatchObject([
      { severity: 'error', line: 2, column: 3, message: expect.stringContaining('NUL') },
    ]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 300 }, (_, i) => (i * 31 + 7) % 256)]);
    const r = decodeText('f.csv', bytes(png), LIMIT);
    expect(r.text).toBeUndefined();
    expect(r.diagnostics[0]?.severity).toBe('error');
    expect(decodeText('f.csv', new Uint8Array(LIMIT + 1), LIMIT).diagnostics[0]?.message).toMatch(/more than the 1\.0 MiB/);
    expect(checkText('f.csv', 'x'.repeat(11), 10).diagnostics[0]?.message).toMatch(/more than the 10 bytes/);
  });

  it('positions are 1-based lines and columns', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('YAML limits', () => {
  it('an alias bomb is one error at the first alias, quickly', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [k, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries())
      lines.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[k]}`).join(', ')}]`);
    const r = parseYaml('installation.yaml', lines.join('\n'));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ severity: 'error', line: 2, column: 8, message: expect.stringContaining(`at most ${MAX_YAML_ALIASES}`) }]);
  });

  it('deep nesting, in brackets or indentation, is one error where it gets too deep', () => {
    const flow = parseYaml('installation.yaml', `title: x\ndeep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(flow.diagnostics).toMatchObject([{ severity: 'error', line: 2, message: expect.stringContaining('levels deep') }]);
    const block = parseYaml('installation.yaml', Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'));
    expect(block.diagnostics).toMatchObject([{ severity: 'error', message: expect.stringContaining('levels deep') }]);
    // A file with the usual depth passes untouched.
    expect(parseYaml('installation.yaml', 'a:\n  b:\n    - { c: [1, [2, [3]]] }\n').diagnostics).toEqual([]);
  });
});

describe('data limits', () => {
  it('a million CSV rows are refused at the cap, where it is crossed, without reading on', () => {
    const header = 'id,level\n';
    const text = header + Array.from({ length: 1_000_000 }, (_, i) => `r${i},${i % 10}`).join('\n');
    const heapBefore = process.memoryUsage().heapUsed;
    const began = performance.now();
    const r = parseCsv('m', 'big.csv', text);
    const seconds = (performance.now() - began) / 1000;
    console.log(`a million CSV rows refused in ${seconds.toFixed(2)} s, heap +${((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB`);
    expect(r.table).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'big.csv',
        line: MAX_ROWS + 2,
        column: 1,
        message: expect.stringContaining('more than 100,000 rows'),
      }),
    ]);
  });

  it('ragged rows are reported at their lines, the first 20 and then a count', () => {
    const text = `id,a\n${Array.from({ length: 500 }, (_, i) => `r${i}`).join('\n')}`;
    const r = parseCsv('m', 'ragged.csv', text);
    expect(r.diagnostics).toHaveLength(21);
    expect(r.diagnostics[0]).toMatchObject({ line: 2, message: 'this row has 1 fields, the header has 2' });
    expect(r.diagnostics[20]).toMatchObject({ line: 501, message: expect.stringContaining('and 480 more problems') });
  });

  it('prototype keys and deep JSON are errors, not surprises', () => {
    expect(parseCsv('m', 'p.csv', '__proto__,b\n1,2\n').diagnostics[0]?.message).toContain('may not be named "__proto__"');
    expect(parseJsonTable('m', 'p.json', '[{"__proto__": 1}]').diagnostics[0]?.message).toContain('may not be named "__proto__"');
    expect(jsonErrorOffset('['.repeat(100_000))).toMatchObject({ offset: 64, expected: 'at most 64 levels of nesting' });
  });

  it('a data file named outside the folder is an error at its `file:`, in memory as on disk', () => {
    for (const path of ['../x.csv', '/etc/x.csv', 'C:\\x.csv', 'a/../../x.csv']) {
      const r = compileFromMap({ 'installation.yaml': `title: x\ndata:\n  m: { file: ${JSON.stringify(path)} }\nsculptures: []\n`, 'x.csv': 'id\n1\n' });
      expect(r.diagnostics.filter((d) => d.path.startsWith('data'))).toMatchObject([
        { severity: 'error', file: 'installation.yaml', line: 3, path: 'data.m.file' },
      ]);
    }
  });
});
