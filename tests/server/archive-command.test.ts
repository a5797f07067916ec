import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { archiveCommand } from '../../server/archive-command.ts';
import { createArchive } from '../../src/core/archive.ts';
import { demoInstallation } from '../e2e/display-server.ts';

/** `meshwork archive` with what a person may mistype: each is refused before any page is rendered, with
 * the exit code 1, the command's name, what was wrong and the usage (the same words as render, replay and
 * film, from server/command-args.ts). */

const dir = mkdtempSync(join(tmpdir(), 'meshwork-archive-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const installation = demoInstallation();
const good = join(dir, 'good.json');
writeFileSync(good, JSON.stringify(createArchive(installation, [{ type: 'installation', installation, seq: 1, t: 0 }], 10)));
const foreign = join(dir, 'foreign.json');
writeFileSync(foreign, '{"name":"not-an-archive"}');

async function run(args: readonly string[]): Promise<{ code: number; said: string }> {
  const said: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void said.push(m.join(' ')));
  try {
    return { code: await archiveCommand(args), said: said.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

const out = join(dir, 'never-written');
const mistake = fc.oneof(
  fc.constant({ args: [good], says: /--out is required/ }),
  fc.constant({ args: [], says: /which archive\?/ }),
  fc.constant({ args: [good, good, '--out', out], says: /one archive file at a time/ }),
  fc.constant({ args: [join(dir, 'none.json'), '--out', out], says: /none\.json is not a file/ }),
  fc.constant({ args: [foreign, '--out', out], says: /not a Meshwork archive/ }),
  fc.constantFrom('--out', '--stills', '--display', '--width', '--height').map((flag) => ({ args: [good, flag], says: new RegExp(`${flag} needs a value`) })),
  fc
    .stringMatching(/^--[a-z-]{1,12}$/)
    .filter((f) => !['--out', '--stills', '--display', '--width', '--height', '--help'].includes(f))
    .map((flag) => ({ args: [good, '--out', out, flag, '1'], says: new RegExp(`unknown option ${flag}`) })),
  fc
    .tuple(
      fc.constantFrom('--stills', '--width', '--height'),
      fc.oneof(fc.constantFrom('', ' ', 'x', '1.5', '-3', '4e1.2'), fc.integer({ min: -50, max: 15 }).map(String)),
    )
    .filter(([flag, v]) => !(flag === '--stills' && /^\d+$/.test(v)))
    .map(([flag, v]) => ({ args: [good, '--out', out, flag, v], says: new RegExp(`${flag} must be a whole number of at least`) })),
);

describe('meshwork archive', () => {
  it('refuses each mistake before rendering, saying what was wrong, with the usage', async () => {
    await fc.assert(
      fc.asyncProperty(mistake, async ({ args, says }) => {
        const { code, said } = await run(args);
        expect(code).toBe(1);
        expect(said).toMatch(/^meshwork archive: /);
        expect(said).toMatch(says);
        expect(said).toContain('usage: meshwork archive <archive.json> --out <folder>');
      }),
      { numRuns: 120 },
    );
  });
});
