import { afterAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { serve, serveConfig } from '../../server/serve-command.ts';
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

  it('prints its usage for --help and exits 0, without starting anything', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await serve(['--help'])).toBe(0);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/meshwork serve \[folder\] \[--port N\]/));
    } finally {
      log.mockRestore();
    }
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

describe('meshwork serve configuration', () => {
  it('reads flags and the documented environment variables once, flags first, into the show process options', () => {
    const env = {
      PORT: '9001',
      HOST: '127.0.0.1',
      MESHWORK_OPERATOR_TOKEN: 'from-env',
      MESHWORK_TRUST_PROXY: '1',
      MESHWORK_REDIS_URL: 'redis://127.0.0.1:6380',
    };
    expect(serveConfig(['installations/x'], env)).toEqual({
      installationDir: 'installations/x',
      port: 9001,
      host: '127.0.0.1',
      operatorToken: 'from-env',
      operatorTokenSet: true,
      trustProxy: true,
      redisUrl: 'redis://127.0.0.1:6380',
    });
    expect(serveConfig(['installations/x', '--port', '0', '--host', '0.0.0.0', '--http', '--redis', 'redis://r:1'], env)).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      https: false,
      redisUrl: 'redis://r:1',
    });
    // Without them: port 8080, every interface (startServer's default), the token kept in the data folder.
    expect(serveConfig([], {}, () => 'fresh')).toEqual({
      installationDir: join('installations', 'upcycling-rite'),
      port: 8080,
      operatorToken: 'fresh',
      trustProxy: false,
    });
    expect(serveConfig([], { MESHWORK_TRUST_PROXY: 'yes', MESHWORK_OPERATOR_TOKEN: '' }, () => 'fresh')).toMatchObject({
      trustProxy: false,
      operatorToken: 'fresh',
    });
    expect(serveConfig([], { PORT: '70000' })).toEqual({ error: expect.stringMatching(/^--port 70000: expected a port number/) });
    expect(serveConfig([], { MESHWORK_REDIS_URL: 'localhost' })).toEqual({ error: expect.stringMatching(/^--redis: "localhost" is not/) });
    // Help is help, and a mistyped flag is an error, never a server started with it ignored.
    expect(serveConfig(['--help'], {})).toEqual({ help: true });
    expect(serveConfig(['installations/x', '-h'], {})).toEqual({ help: true });
    expect(serveConfig(['--prot', '80'], {})).toEqual({ error: expect.stringMatching(/^unknown option --prot/) });
    expect(serveConfig(['--port'], {})).toEqual({ error: '--port needs a value' });
    expect(serveConfig(['a', 'b'], {})).toEqual({ error: expect.stringMatching(/^one installation folder, not 2/) });
  });
});
