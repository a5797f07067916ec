import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isClientFresh, sourceHash } from '../../server/build-client.ts';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-build-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('client build staleness', () => {
  it('hashes content, not mtimes: the same sources give the same hash, an edit changes it', () => {
    const files = { 'src/app/index.html': '<html></html>', 'shaders/a.glsl': 'void main(){}', 'vite.config.ts': 'x' };
    const a = project(files);
    const b = project(files);
    expect(sourceHash(a)).toBe(sourceHash(b));
    writeFileSync(join(b, 'shaders/a.glsl'), 'void main(){ }');
    expect(sourceHash(b)).not.toBe(sourceHash(a));
  });

  it('a renamed file is a change even with the same content', () => {
    const a = project({ 'src/x.ts': '1' });
    const b = project({ 'src/y.ts': '1' });
    expect(sourceHash(a)).not.toBe(sourceHash(b));
  });

  it('dist is fresh only with a matching stamp and an index.html', () => {
    const dist = project({ 'index.html': '<html></html>' });
    expect(isClientFresh(dist, 'abc')).toBe(false);
    writeFileSync(join(dist, '.meshwork-build.json'), JSON.stringify({ hash: 'abc' }));
    expect(isClientFresh(dist, 'abc')).toBe(true);
    expect(isClientFresh(dist, 'abd')).toBe(false);
    rmSync(join(dist, 'index.html'));
    expect(isClientFresh(dist, 'abc')).toBe(false);
  });
});
