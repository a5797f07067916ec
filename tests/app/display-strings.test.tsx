import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReplayTimeline, TimelineMark } from '../../src/core/replay-timeline.ts';
import { MAX_RATE, MIN_RATE, type Transport } from '../../src/core/transport.ts';
import { Calibration } from '../../src/app/display/Calibration.tsx';
import { HelpOverlay } from '../../src/app/display/HelpOverlay.tsx';
import { LoadingScreen } from '../../src/app/display/LoadingScreen.tsx';
import { AddressError } from '../../src/app/display/AddressError.tsx';
import { parseDisplayParams } from '../../src/app/display/params.ts';
import { DisplayStringsContext, displayEnglish, soundWords, type DisplayTranslate } from '../../src/app/display/strings.ts';
import { displayEn } from '../../src/app/display/strings/en.ts';
import { TransportControls } from '../../src/app/shared/TransportControls.tsx';
import { transportEn } from '../../src/app/shared/strings/transport-en.ts';
import { en as consoleEn } from '../../src/app/operator/strings/en.ts';
import { hardCoded, pseudoLanguage } from './pseudo-language.ts';

/**
 * Every word the display page shows (help overlay, loading screen, replay transport bar, calibration, the
 * sound prompt's words) comes from its catalogue (src/app/display/strings/en.ts): each component is rendered
 * in the marker language of ./pseudo-language.ts with generated data, and any word left over fails.
 */
// drei's progress store answers a server render with its initial state (zustand's server snapshot): the
// loading screen's model count is given here instead, as three's loading manager would report it.
const progress = vi.hoisted(() => ({ loaded: 0, total: 0 }));
vi.mock('@react-three/drei', () => ({ useProgress: () => progress }));

const pseudo: DisplayTranslate = pseudoLanguage(displayEn);
const render = (el: ReactElement) => renderToStaticMarkup(<DisplayStringsContext.Provider value={pseudo}>{el}</DisplayStringsContext.Provider>);

const word = fc.stringMatching(/^[\p{L}\p{N} <>&"']{1,24}$/u).map((s) => `«${s}»`);
const seconds = fc.double({ min: 0, max: 4000, noNaN: true });

const markArb: fc.Arbitrary<TimelineMark> = fc.oneof(
  fc.record({ kind: fc.constant('cue' as const), t: seconds, phase: word }),
  fc.record({
    kind: fc.constant('glitch' as const),
    t: seconds,
    intensity: fc.double({ min: 0, max: 1, noNaN: true }),
    seconds: fc.double({ min: 0.1, max: 30, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('story' as const), t: seconds, label: word }),
);
const timelineArb: fc.Arbitrary<ReplayTimeline> = fc.record({
  title: word,
  from: fc.constant(0),
  to: fc.double({ min: 1, max: 4000, noNaN: true }),
  phases: fc.array(fc.record({ label: word, start: seconds, end: seconds }), { maxLength: 5 }),
  marks: fc.array(markArb, { maxLength: 8 }),
});
const transportArb = (to: number): fc.Arbitrary<Transport> =>
  fc.record({
    playing: fc.boolean(),
    rate: fc.oneof(fc.constantFrom(MIN_RATE, 1, MAX_RATE), fc.double({ min: MIN_RATE, max: MAX_RATE, noNaN: true })),
    t0: fc.double({ min: 0, max: to, noNaN: true }),
    at: seconds,
    from: fc.constant(0),
    to: fc.constant(to),
  });

afterEach(() => {
  vi.unstubAllGlobals();
  Object.assign(progress, { loaded: 0, total: 0 });
});

describe('the display page speaks only from its catalogue (src/app/display/strings/en.ts)', () => {
  it('finds a hard-coded word (the check itself can fail)', () => {
    vi.stubGlobal('document', { fullscreenElement: null });
    expect(hardCoded(render(<p aria-valuetext="3 of 4">⟦a⟧</p>))).toEqual(['3 of 4']);
    // The English page itself is full of words: the check would catch a component that ignores the context.
    const english = renderToStaticMarkup(<HelpOverlay title="«t»" />);
    expect(hardCoded(english).join(' ')).toMatch(/Full screen/);
  });

  it('Help overlay: open or collapsed, in or out of full screen, with and without a phase', () => {
    fc.assert(
      fc.property(
        word,
        fc.option(fc.record({ label: word, holding: fc.boolean() }), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (title, phase, open, full) => {
          vi.stubGlobal('document', { fullscreenElement: full ? {} : null });
          const html = render(<HelpOverlay title={title} {...(phase ? { phase } : {})} startOpen={open} />);
          expect(hardCoded(html)).toEqual([]);
          // The phase label is shown (in its slot of the message), as written.
          if (open && phase) expect(html).toContain('<strong>');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('Loading screen: its steps, progress, models and error', () => {
    fc.assert(
      fc.property(
        word,
        fc.uniqueArray(fc.record({ label: word, done: fc.boolean() }), { selector: (s) => s.label, maxLength: 4 }),
        fc.option(word, { nil: undefined }),
        fc.nat(5),
        (title, steps, error, models) => {
          Object.assign(progress, { loaded: Math.min(models, 2), total: models });
          const html = render(<LoadingScreen title={title} steps={steps} done={false} {...(error ? { error } : {})} />);
          expect(hardCoded(html)).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("an address the page cannot read: its error is the catalogue's, with what the address held as data", () => {
    fc.assert(
      fc.property(word, fc.oneof(fc.record({ t: word }), fc.record({ display: word })), (title, query) => {
        const parsed = parseDisplayParams(`?${new URLSearchParams(query)}`);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        const html = render(<AddressError title={title} problem={parsed.error} />);
        expect(hardCoded(html)).toEqual([]);
        expect(html).toContain(`⟦${parsed.error.code}`);
      }),
      { numRuns: 60 },
    );
  });

  it('Replay transport, as the desktop bar and as the console panel, live or view only', () => {
    fc.assert(
      fc.property(
        timelineArb.chain((timeline) => fc.tuple(fc.constant(timeline), transportArb(timeline.to), fc.double({ min: 0, max: timeline.to, noNaN: true }))),
        fc.constantFrom('bar' as const, 'panel' as const),
        fc.boolean(),
        ([timeline, transport, t], variant, live) => {
          const send = live ? { send: async () => undefined } : {};
          const html = render(
            <TransportControls variant={variant} transport={transport} timeline={timeline} t={t} tr={pseudo} viewOnly="⟦replay.viewOnly⟧" {...send} />,
          );
          expect(hardCoded(html)).toEqual([]);
          // Each cue and glitch mark is worded from the catalogue.
          for (const m of timeline.marks) if (m.kind !== 'story') expect(html).toContain(m.kind === 'cue' ? '⟦transport.markCue' : '⟦transport.markGlitch');
        },
      ),
      { numRuns: 120 },
    );
  });

  it('Calibration: corners, edges, gamma, token and save', () => {
    const point = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    const edge = fc.double({ min: 0, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(
        word,
        fc.tuple(point, point, point, point),
        fc.record({ left: edge, right: edge, top: edge, bottom: edge, gamma: fc.double({ min: 1, max: 3, noNaN: true }) }),
        fc.option(word, { nil: undefined }),
        (wallId, warp, blend, token) => {
          const html = render(<Calibration wallId={wallId} warp={warp} blend={blend} {...(token ? { token } : {})} onChange={() => {}} />);
          expect(hardCoded(html)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the sound prompt takes every word from the catalogue, and English is the reference', () => {
    for (const w of Object.values(soundWords(pseudo))) expect(w).toMatch(/^⟦sound\.\w+⟧$/);
    expect(soundWords(displayEnglish).tap).toBe('Tap anywhere for sound');
  });

  it('the transport speaks the same words on both pages (one shared catalogue)', () => {
    for (const [key, text] of Object.entries(transportEn)) {
      expect(displayEn[key as keyof typeof displayEn]).toBe(text);
      expect(consoleEn[key as keyof typeof consoleEn]).toBe(text);
    }
  });
});
