import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { showAt } from '../../src/core/show.ts';
import { roomNow } from '../../src/app/operator/room-now.ts';
import { RoomPanel } from '../../src/app/operator/RoomPanel.tsx';
import { en } from '../../src/app/operator/strings/en.ts';
import { english, formatMessage, pickLanguage } from '../../src/app/operator/strings.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

const ids = ['story-aaaaaa', 'story-bbbbbb', 'story-cccccc', 'story-dddddd'];
const story = (id: string, text = `text of ${id}`): EventBody => ({ type: 'story', id, text, emotion: 'hope', material: 'm3', lang: 'en', consent: true });

const INSTALLATIONS = { before: syntheticInstallation(6, 'before'), after: syntheticInstallation(6, 'after'), off: syntheticInstallation(6, 'off') };

/** A show under each moderation mode: stories, approvals and hidings at increasing times. */
const showArb = fc
  .tuple(
    fc.constantFrom('before' as const, 'after' as const, 'off' as const),
    fc.array(
      fc.tuple(
        fc.constantFrom(0, 1, 5, 20),
        fc.oneof(
          fc.constantFrom(...ids).map(story),
          fc.record({ type: fc.constant('story-approved' as const), id: fc.constantFrom(...ids) }),
          fc.record({ type: fc.constant('story-hidden' as const), id: fc.constantFrom(...ids) }),
        ),
      ),
      { maxLength: 14 },
    ),
  )
  .map(([mode, items]) => {
    const inst = INSTALLATIONS[mode];
    let t = 0;
    const events = [
      { type: 'installation', installation: inst, seq: 1, t: 0 } as ShowEvent,
      ...items.map(([dt, b], i) => ({ ...b, seq: i + 2, t: (t += dt) }) as ShowEvent),
    ];
    return { inst, log: EventLog.from(events) };
  });

describe('In the room now (src/app/operator/room-now.ts)', () => {
  it('lists exactly what the screens show, under every moderation mode, and never a hidden story', () => {
    fc.assert(
      fc.property(showArb, fc.double({ min: 0, max: 300, noNaN: true }), ({ inst, log }, now) => {
        const room = roomNow(inst, log, now);
        expect(room.onDisplay.map((r) => r.story.id)).toEqual(showAt(inst, log, now).stories.map((s) => s.id));
        for (const r of [...room.onDisplay, ...room.earlier]) {
          const hidden = log.hiddenAt.get(r.story.id);
          expect(hidden === undefined || hidden > now).toBe(true);
          expect(r.shownAt).toBeLessThanOrEqual(now);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('shows a story under moderation `after` from its submission, and drops it at its hiding', () => {
    const inst = syntheticInstallation(6, 'after');
    const log = EventLog.from([
      { type: 'installation', installation: inst, seq: 1, t: 0 },
      { ...story('story-aaaaaa'), seq: 2, t: 10 } as ShowEvent,
      { type: 'story-hidden', id: 'story-aaaaaa', seq: 3, t: 14 },
    ]);
    expect(roomNow(inst, log, 12).onDisplay.map((r) => r.story.id)).toEqual(['story-aaaaaa']);
    expect(roomNow(inst, log, 14).onDisplay).toEqual([]);
    expect(roomNow(inst, log, 14).earlier).toEqual([]);
  });

  it('renders audience text as text', () => {
    const text = '<img src=x onerror="alert(1)">';
    const s = { ...story('story-xss-01', text), seq: 2, t: 1 } as ShowEvent<Extract<EventBody, { type: 'story' }>>;
    const html = renderToStaticMarkup(
      <RoomPanel
        session={null}
        room={{ onDisplay: [{ story: s, shownAt: 1, opacity: 1 }], earlier: [] }}
        emotions={{}}
        materialName={() => '<b>m</b>'}
        now={5}
        enabled
      />,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('In the room now');
  });
});

describe('the console string catalogue (src/app/operator/strings.ts)', () => {
  it('picks the browser language that has a catalogue, by tag or primary language, else English', () => {
    expect(pickLanguage(['fr-CA', 'en-GB'], ['en', 'fr'])).toBe('fr');
    expect(pickLanguage(['pt-BR'], ['en', 'pt-BR'])).toBe('pt-BR');
    expect(pickLanguage(['ja'], ['en'])).toBe('en');
    expect(pickLanguage([], ['en'])).toBe('en');
  });

  it('fills placeholders and plural forms; a missing value stays visible', () => {
    expect(english('room.count', { count: 1 })).toBe('1 on display');
    expect(english('sound.blocked', { wall: 'north' })).toBe('Sound blocked on north');
    expect(formatMessage('en', 'a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
    expect(formatMessage('en', { one: '{count} story', other: '{count} stories' }, { count: 3 })).toBe('3 stories');
  });

  it('has a non-empty English text for every key', () => {
    for (const [key, message] of Object.entries(en)) {
      const forms = typeof message === 'string' ? [message] : Object.values(message);
      for (const f of forms) expect(f.trim().length, key).toBeGreaterThan(0);
    }
  });
});
