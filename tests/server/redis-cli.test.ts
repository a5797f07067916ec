import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisUrlProblem } from '../../server/redis-scale.ts';
import { serve } from '../../server/serve-command.ts';

describe('meshwork serve --redis', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('accepts redis:// and rediss:// URLs and explains what is wrong with others', () => {
    expect(redisUrlProblem('redis://127.0.0.1:6379')).toBeUndefined();
    expect(redisUrlProblem('rediss://user:secret@cache.example:6380/2')).toBeUndefined();
    expect(redisUrlProblem('127.0.0.1:6379')).toMatch(/not a URL: expected redis:\/\/host:port/);
    expect(redisUrlProblem('http://127.0.0.1:6379')).toMatch(/not a Redis URL.*rediss:\/\/host:port for TLS/);
  });

  it('refuses a bad URL before it builds or starts anything, from the flag or from MESHWORK_REDIS_URL', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await serve(['installations/upcycling-rite', '--redis', 'localhost:6379'])).toBe(1);
    vi.stubEnv('MESHWORK_REDIS_URL', 'http://localhost:6379');
    try {
      expect(await serve(['installations/upcycling-rite'])).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(errors).toEqual([
      expect.stringMatching(/^--redis: "localhost:6379" is not/),
      expect.stringMatching(/^--redis: "http:\/\/localhost:6379" is not a Redis URL/),
    ]);
    expect(log).not.toHaveBeenCalled();
  });
});
