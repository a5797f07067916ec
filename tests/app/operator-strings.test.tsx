import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ShowEvent, StoryBody } from '../../src/core/events.ts';
import type { Diagnostic } from '../../src/core/diagnostics.ts';
import { FINDINGS, HINTS, type FindingCode, type HintCode } from '../../src/core/findings.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { ClientInfo } from '../../src/net/protocol.ts';
import { StringsContext } from '../../src/app/operator/i18n.tsx';
import { en } from '../../src/app/operator/strings/en.ts';
import type { Translate } from '../../src/app/operator/strings.ts';
import { ClientHistory } from '../../src/app/operator/health.ts';
import { ClientsPanel } from '../../src/app/operator/ClientsPanel.tsx';
import { QueuePanel } from '../../src/app/operator/QueuePanel.tsx';
import { RoomPanel } from '../../src/app/operator/RoomPanel.tsx';
import { ErrorsPanel } from '../../src/app/operator/ErrorsPanel.tsx';
import { TokenForm } from '../../src/app/operator/TokenForm.tsx';
import { GoPanel } from '../../src/app/operator/GoPanel.tsx';
import { StagePanel } from '../../src/app/operator/StagePanel.tsx';
import { Alerts } from '../../src/app/operator/Alerts.tsx';
import { showControl } from '../../src/app/operator/show-control.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';
import { hardCoded, pseudoLanguage } from './pseudo-language.ts';

/**
 * Every word the console's panels show comes from the catalogue: each panel is rendered in the marker
 * language of ./pseudo-language.ts, and the test fails on any word left outside a message or the data.
 */
const pseudo: Translate = pseudoLanguage(en);

/** As React writes text into markup. */
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

const render = (el: ReactElement) => renderToStaticMarkup(<StringsContext.Provider value={pseudo}>{el}</StringsContext.Provider>);

const word = fc.stringMatching(/^[\p{L}\p{N} <>&"']{1,24}$/u).map((s) => `«${s}»`);
const storyArb = (i: number): fc.Arbitrary<ShowEvent<StoryBody>> =>
  fc
    .record({
      text: word,
      emotion: word,
      material: word,
      lang: fc.constantFrom('«ja»', '«und»', '«ar»'),
      consent: fc.boolean(),
      t: fc.double({ min: 0, max: 5000, noNaN: true }),
    })
    .map((r) => ({ type: 'story', seq: i + 2, id: `story-${i}`, ...r }));
const storiesArb = fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => storyArb(i))));

const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const clientArb = fc.record({
  id: fc.stringMatching(/^[0-9]{8,12}$/),
  role: fc.constantFrom('viewer' as const, 'audience' as const, 'operator' as const),
  display: fc.option(word, { nil: undefined }),
  address: ip,
  reconnects: fc.nat(9),
  latencyMs: fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: undefined }),
  statsAt: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
  stats: fc.record(
    {
      fps: fc.double({ min: 0, max: 120, noNaN: true }),
      rttMs: fc.double({ min: 0, max: 3000, noNaN: true }),
      t: fc.double({ min: 0, max: 100, noNaN: true }),
      soundOn: fc.boolean(),
      soundError: word,
      soundBlocked: fc.boolean(),
      displayError: word,
    },
    { requiredKeys: [] },
  ),
});

const diagnosticArb: fc.Arbitrary<Diagnostic> = fc.record(
  {
    severity: fc.constantFrom('error' as const, 'warning' as const),
    file: word,
    line: fc.nat(40),
    column: fc.nat(80),
    path: word,
    // Marked as the message, so that it is not the same text as the file or the path (which are shown
    // either way): fast-check's seed 1945609818 found path and message both «"».
    message: word.map((w) => `«message ${w.slice(1)}`),
    hint: word.map((w) => `«hint ${w.slice(1)}`),
    // A code this console knows, or one from a newer server (shown by its English message).
    code: fc.constantFrom(...(Object.keys(FINDINGS) as FindingCode[]), 'future.finding' as FindingCode),
    params: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), word, { maxKeys: 3 }),
    // Its hint's code likewise (the hint itself is then the checker's English, marked like the message).
    hintCode: fc.constantFrom(...(Object.keys(HINTS) as HintCode[]), 'future.hint' as HintCode),
    hintParams: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), word, { maxKeys: 3 }),
  },
  { requiredKeys: ['severity', 'file', 'line', 'column', 'path', 'message'] },
);

describe('the console speaks only from its catalogue (src/app/operator/strings/en.ts)', () => {
  it('finds a hard-coded word (the check itself can fail)', () => {
    expect(hardCoded(render(<p title="Close">⟦a⟧ «data» 12 ms</p>))).toEqual(['Close']);
    expect(hardCoded(render(<p>⟦a «x» ⟦b⟧⟧ waiting</p>))).toEqual(['waiting']);
    expect(hardCoded(render(<p>«x» · 4 s · –</p>))).toEqual([]);
  });

  it('Clients: every heading, role, figure and warning', () => {
    fc.assert(
      fc.property(fc.uniqueArray(clientArb, { selector: (c) => c.id, maxLength: 6 }), fc.double({ min: 0, max: 400, noNaN: true }), (list, now) => {
        const clients = list.map((c) => ({ ...c, connectedAt: 0 }) as ClientInfo);
        const history = new ClientHistory();
        for (let i = 0; i < 6; i++) history.record(clients, now - 6 + i);
        expect(hardCoded(render(<ClientsPanel clients={clients} history={history} now={now} />))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('Queue and In the room now: one story row, its actions and notes', () => {
    fc.assert(
      fc.property(storiesArb, fc.boolean(), (stories, enabled) => {
        const common = { session: null, emotions: {}, materialName: (k: string) => k, now: 5100, enabled } as const;
        expect(hardCoded(render(<QueuePanel {...common} queue={stories} />))).toEqual([]);
        const room = {
          onDisplay: stories.map((story, i) => ({ story, shownAt: story.t, ...(i % 2 ? { opacity: 0.5 } : {}) })),
          earlier: stories.slice(0, 1).map((story) => ({ story, shownAt: story.t })),
        };
        expect(hardCoded(render(<RoomPanel {...common} room={room} />))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('Errors: heading, severity and hint; a finding and its hint by their codes when the console knows them, else as sent', () => {
    fc.assert(
      fc.property(fc.array(diagnosticArb, { maxLength: 5 }), (errors) => {
        const html = render(<ErrorsPanel errors={errors} />);
        expect(hardCoded(html)).toEqual([]);
        const items = html.split('<li').slice(1);
        errors.forEach((d, i) => {
          const known = d.code !== undefined && d.code in FINDINGS;
          expect(items[i]).toContain(known ? `⟦finding.${d.code}` : escapeHtml(d.message));
          if (known) expect(items[i]).not.toContain(escapeHtml(d.message));
          if (d.hint !== undefined) {
            const knownHint = d.hintCode !== undefined && d.hintCode in HINTS;
            expect(items[i]).toContain(knownHint ? `⟦hint.${d.hintCode}` : escapeHtml(d.hint));
            if (knownHint) expect(items[i]).not.toContain(escapeHtml(d.hint));
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('Token form, with and without the server refusal', () => {
    for (const message of [undefined, '«token refused»']) expect(hardCoded(render(<TokenForm onToken={() => {}} message={message} />))).toEqual([]);
  });

  it('GO, stage and alerts at every point of a show', () => {
    const inst = syntheticInstallation(6, 'after');
    const log = EventLog.from([{ type: 'installation', installation: inst, seq: 1, t: 0 } as ShowEvent]);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400, noNaN: true }), fc.boolean(), (now, enabled) => {
        // Phase labels are the artist's words: data, like stories.
        const live = showControl(inst.spec.phases, log, now);
        const control = { ...live, standby: live.standby && { ...live.standby, label: `«${live.standby.label}»` } };
        const go = <GoPanel control={control} enabled={enabled} onGo={() => {}} undo={null} onUndo={() => {}} result={null} />;
        expect(hardCoded(render(go))).toEqual([]);
        const stage = <StagePanel control={control} enabled={enabled} onBlackout={() => {}} onHold={() => {}} onEndShow={() => {}} />;
        expect(hardCoded(render(stage))).toEqual([]);
        expect(hardCoded(render(<Alerts control={control} clients={[]} />))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
