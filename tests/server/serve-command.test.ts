import { afterAll, describe, expect, it, vi } from 'vitest';
import { serve } from '../../server/serve-command.ts';
import { demoCopy, removeDir } from './show-server.ts';

const dir = demoCopy((y) => y.replace('tempo: 66', 'tempo: fast'));
afterAll(() => removeDir(dir));

describe('meshwork serve', () => {
  it('refuses a broken installation at start: prints each error with file:line:col and exits 1', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
    const err = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void out.push(String(m)));
    try {
      expect(await serve([dir, '--port', '0'])).toBe(1);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(out.join('\n')).toMatch(/installation\.yaml:\d+:\d+ error sound\.tempo: expected a number/);
    expect(out.join('\n')).toMatch(/the installation has errors; fix them and run again/);
  });

  it('refuses a port that is not one', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await serve([dir, '--port', 'eighty'])).toBe(1);
      expect(err).toHaveBeenCalledWith(expect.stringMatching(/--port eighty: expected a port number 0-65535/));
    } finally {
      err.mockRestore();
    }
  });
});
