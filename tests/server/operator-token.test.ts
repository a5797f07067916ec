import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OPERATOR_TOKEN_FILE, keptOperatorToken } from '../../server/operator-token.ts';
import { serveConfig } from '../../server/serve-command.ts';

const root = mkdtempSync(join(tmpdir(), 'meshwork-token-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `show-${++n}`, '.meshwork');

describe('the operator token, kept in the data folder', () => {
  it('is made on the first start, owner-readable only, and the same on every later start', () => {
    const dir = fresh();
    const first = keptOperatorToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(statSync(join(dir, OPERATOR_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(keptOperatorToken(dir)).toBe(first);
    expect(
      keptOperatorToken(
        dir,
        () => {},
        () => 'never-used-token-xyz',
      ),
    ).toBe(first);
  });

  it('replaces a file that does not hold a token, and says so; keeps any file that does', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const dir = fresh();
        keptOperatorToken(dir);
        writeFileSync(join(dir, OPERATOR_TOKEN_FILE), text);
        const warnings: string[] = [];
        const token = keptOperatorToken(dir, (m) => warnings.push(m));
        const valid = /^[A-Za-z0-9_-]{16,256}$/.test(text.trim());
        expect(token).toBe(valid ? text.trim() : readFileSync(join(dir, OPERATOR_TOKEN_FILE), 'utf8').trim());
        expect(warnings.length).toBe(valid ? 0 : 1);
        if (!valid) expect(warnings[0]).toMatch(/does not hold an operator token .*replaced by a new one/);
      }),
      { numRuns: 60 },
    );
  });

  it('serve takes MESHWORK_OPERATOR_TOKEN when set, else the kept one of its installation folder', () => {
    const folder = join(root, 'installation');
    const a = serveConfig([folder, '--port', '0'], {});
    const b = serveConfig([folder, '--port', '0'], {});
    if ('error' in a || 'help' in a || 'error' in b || 'help' in b) throw new Error('config refused');
    expect(b.operatorToken).toBe(a.operatorToken);
    expect(readFileSync(join(folder, '.meshwork', OPERATOR_TOKEN_FILE), 'utf8').trim()).toBe(a.operatorToken);
    expect(serveConfig([folder], { MESHWORK_OPERATOR_TOKEN: 'set-by-env' })).toMatchObject({ operatorToken: 'set-by-env' });
  });
});
