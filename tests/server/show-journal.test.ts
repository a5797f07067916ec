import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/core/event-log.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { announcement } from '../../server/announce.ts';
import { journalLine } from '../../server/show-journal.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

const before = syntheticInstallation(4, 'before');
const after = syntheticInstallation(4, 'after');

describe('the terminal follows the show', () => {
  it('says each story on one line, held or in the room, quoted and cut by characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.boolean(), (text, moderated) => {
        const base = moderated ? before : after;
        const story = { type: 'story', id: 'story-abcdef', text, emotion: 'grief', material: 'm1', lang: 'en', consent: true, seq: 2, t: 12.34 } as const;
        const log = EventLog.from([{ type: 'installation', installation: base, seq: 1, t: 0 }, story]);
        const line = journalLine(story, log, base) ?? '';
        expect(line).toMatch(moderated ? /^t=12\.3 story story-abcdef on m1 \(grief, en\) waits for approval: "/ : /is in the room: "/);
        expect(line).not.toMatch(/\n/);
        const quoted = JSON.parse(line.slice(line.indexOf(': "') + 2)) as string;
        expect([...quoted].length).toBeLessThanOrEqual(60);
      }),
      { numRuns: 300 },
    );
  });

  it('says approvals, hidings, cues and glitches, and leaves reactions to the console', () => {
    const log = new EventLog();
    const line = (e: ShowEvent) => journalLine(e, log, before);
    expect(line({ type: 'story-approved', id: 'story-abcdef', seq: 3, t: 20 })).toBe('t=20.0 story story-abcdef approved: in the room now');
    expect(line({ type: 'story-hidden', id: 'story-abcdef', reason: 'a name', seq: 4, t: 21 })).toBe('t=21.0 story story-abcdef hidden ("a name")');
    expect(line({ type: 'cue', phase: 'glitch', seq: 5, t: 22 })).toBe('t=22.0 cue: phase "glitch"');
    expect(line({ type: 'glitch', intensity: 0.5, seconds: 3, seq: 6, t: 23 })).toBe('t=23.0 glitch 0.50 for 3 s');
    expect(line({ type: 'reaction', kind: 'heart', seq: 7, t: 24 })).toBeUndefined();
  });

  it("prints each wall by name with its address, and the laptop's own address", async () => {
    const text = await announcement({
      bases: ['https://192.168.1.20:8080', 'https://localhost:8080'],
      operatorToken: 't',
      port: 8080,
      walls: ['north', 'south'],
    });
    expect(text).toMatch(/ {2}wall north +https:\/\/192\.168\.1\.20:8080\/\?display=north\n/);
    expect(text).toMatch(/ {2}wall south +https:\/\/192\.168\.1\.20:8080\/\?display=south\n/);
    expect(text).toMatch(/ {2}this laptop +http:\/\/localhost:8080\//);
    expect(text).not.toMatch(/desktops +https:\/\/localhost/);
  });
});
