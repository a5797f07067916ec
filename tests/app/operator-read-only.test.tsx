import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ShowEvent } from '../../src/core/events.ts';
import { EventLog } from '../../src/core/event-log.ts';
import { GoPanel } from '../../src/app/operator/GoPanel.tsx';
import { StagePanel } from '../../src/app/operator/StagePanel.tsx';
import { QueuePanel } from '../../src/app/operator/QueuePanel.tsx';
import { RoomPanel } from '../../src/app/operator/RoomPanel.tsx';
import { showControl } from '../../src/app/operator/show-control.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

const readOnly = { id: 'replay-read-only', text: 'a replay cannot change' };

/** Every <button> of the markup: whether it is disabled, and its title and aria-describedby. */
const buttons = (html: string) =>
  [...html.matchAll(/<button([^>]*)>/g)].map((m) => {
    const attrs = m[1] ?? '';
    return { disabled: /\sdisabled=""/.test(attrs), title: /\stitle="([^"]*)"/.exec(attrs)?.[1], describedBy: /\saria-describedby="([^"]*)"/.exec(attrs)?.[1] };
  });

describe('the console in a replay: every write button is off and says why', () => {
  const inst = syntheticInstallation(6, 'before');
  const log = EventLog.from([{ type: 'installation', installation: inst, seq: 1, t: 0 } as ShowEvent]);
  const story = { type: 'story', seq: 2, t: 3, id: 'story-aaaaaa', text: 'x', emotion: 'hope', material: 'm1', lang: 'en', consent: true } as const;

  it('GO, undo, blackout, hold, end show, approve and hide, at any point of the show', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400, noNaN: true }), (now) => {
        const control = showControl(inst.spec.phases, log, now);
        const undo = { phase: 'gathering', label: 'gathering', offset: 3, seq: 2, at: now };
        const html = [
          renderToStaticMarkup(<GoPanel readOnly={readOnly} control={control} enabled={false} onGo={() => {}} undo={undo} onUndo={() => {}} result={null} />),
          renderToStaticMarkup(
            <StagePanel readOnly={readOnly} control={control} enabled={false} onBlackout={() => {}} onHold={() => {}} onEndShow={() => {}} />,
          ),
          renderToStaticMarkup(
            <QueuePanel readOnly={readOnly} session={null} queue={[story]} emotions={{}} materialName={(k) => k} now={now} enabled={false} />,
          ),
          renderToStaticMarkup(
            <RoomPanel
              readOnly={readOnly}
              session={null}
              room={{ onDisplay: [{ story, shownAt: 3 }], earlier: [] }}
              emotions={{}}
              materialName={(k) => k}
              now={now}
              enabled={false}
            />,
          ),
        ].join('');
        const found = buttons(html);
        expect(found.length).toBeGreaterThanOrEqual(6);
        for (const b of found) expect(b).toEqual({ disabled: true, title: readOnly.text, describedBy: readOnly.id });
      }),
      { numRuns: 40 },
    );
  });

  it('a live show: no title or description where nothing is refused', () => {
    const control = showControl(inst.spec.phases, log, 10);
    const html = renderToStaticMarkup(<GoPanel control={control} enabled onGo={() => {}} undo={null} onUndo={() => {}} result={null} />);
    expect(buttons(html)).toEqual([{ disabled: false, title: undefined, describedBy: undefined }]);
  });
});
