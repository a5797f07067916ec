import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceIdentities, loadOrCreateDeviceSecret } from '../../server/devices.ts';

const devices = new DeviceIdentities(Buffer.alloc(32, 7));

describe('device identities', () => {
  it('recognise every token they issued, each with its own id', () => {
    const issued = Array.from({ length: 500 }, () => devices.issue());
    for (const d of issued) expect(devices.verify(d.token)).toBe(d.id);
    expect(new Set(issued.map((d) => d.id)).size).toBe(issued.length);
  });

  it('refuse any other string: made up, altered in one character, or signed with another secret', () => {
    const { token } = devices.issue();
    const other = new DeviceIdentities(Buffer.alloc(32, 8));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ minLength: 44, maxLength: 44 }), fc.stringMatching(/^d1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{24}$/)), (s) => {
        fc.pre(s !== token);
        expect(devices.verify(s)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'AbZ09-_.x'), (at, c) => {
        const altered = token.slice(0, at) + c + token.slice(at + 1);
        fc.pre(altered !== token);
        expect(devices.verify(altered)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
    expect(devices.verify(other.issue().token)).toBeUndefined();
    expect(devices.verify(undefined)).toBeUndefined();
  });

  it('keep their secret in the data folder across restarts, replacing one that is not a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-devices-'));
    const a = loadOrCreateDeviceSecret(dir);
    expect(loadOrCreateDeviceSecret(dir).equals(a)).toBe(true);
    writeFileSync(join(dir, 'device-secret'), 'not hex');
    const warnings: string[] = [];
    const b = loadOrCreateDeviceSecret(dir, (m) => warnings.push(m));
    expect(b.equals(a)).toBe(false);
    expect(warnings[0]).toMatch(/not 64 hex digits: replaced/);
    expect(readFileSync(join(dir, 'device-secret'), 'utf8').trim()).toBe(b.toString('hex'));
  });
});
