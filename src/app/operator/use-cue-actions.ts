import { useCallback, useEffect, useRef, useState } from 'react';
import type { Reply } from '../../net/protocol.ts';
import type { OperatorSession } from './session.ts';
import type { ShowControl, UndoCue } from './show-control.ts';
import { DoubleGoGuard, isGoKey } from './go-key.ts';
import { END_FADE } from './StagePanel.tsx';
import type { Translate } from './strings.ts';

export interface CueActions {
  readonly go: () => void;
  readonly jump: (phase: string, label: string) => void;
  readonly undo: (u: UndoCue) => void;
  readonly blackout: (on: boolean, seconds: number) => void;
  readonly hold: (on: boolean) => void;
  readonly endShow: () => void;
  /** The cue the console may undo (kept until another cue; the panel asks undoOnOffer whether it still is). */
  readonly lastCue: UndoCue | null;
  readonly result: { readonly ok: boolean; readonly text: string } | null;
  /** A GO refused as a double press: said beside the first GO's answer, which arrives after it and must
   * not hide it. Cleared by the next GO that is taken. */
  readonly ignored: string | null;
}

/**
 * What the console's show-control buttons and the GO key do: each sends one request and shows its answer;
 * a cue fired from here (GO or a jump) remembers the phase it left, at the point it had reached, for its
 * Undo. Space is bound on the window while the console is open (go-key.ts says where it is not GO).
 */
export function useCueActions(session: OperatorSession, control: ShowControl | undefined, now: number, enabled: boolean, t: Translate): CueActions {
  const [result, setResult] = useState<CueActions['result']>(null);
  const [lastCue, setLastCue] = useState<UndoCue | null>(null);
  const [ignored, setIgnored] = useState<string | null>(null);
  const guard = useRef(new DoubleGoGuard());
  // The key handler reads the latest of these without being bound again on every render.
  const latest = useRef({ control, now, enabled });
  latest.current = { control, now, enabled };

  const answer = useCallback(
    async (what: string, send: () => Promise<Reply<{ seq: number }>>, done?: (seq: number) => string): Promise<number | undefined> => {
      setResult(null);
      const r = await send();
      if (!r.ok) {
        setResult({ ok: false, text: t('go.refused', { what, error: `${r.error}${r.hint ? `. ${r.hint}` : ''}` }) });
        return undefined;
      }
      setResult({ ok: true, text: done ? done(r.seq) : t('stage.done', { what, seq: r.seq }) });
      return r.seq;
    },
    [t],
  );

  const cueFrom = useCallback(
    async (what: string, msg: Parameters<OperatorSession['cue']>[0], done: (seq: number) => string) => {
      const before = latest.current.control?.phase;
      const at = latest.current.now;
      const seq = await answer(what, () => session.cue(msg), done);
      if (seq !== undefined && before) setLastCue({ phase: before.id, label: before.label, offset: before.elapsed, seq, at });
    },
    [answer, session],
  );

  const go = useCallback(() => {
    const { control: c, enabled: on } = latest.current;
    if (!on || !c?.standby) return;
    if (!guard.current.take(performance.now())) return setIgnored(t('go.double'));
    setIgnored(null);
    const label = c.standby.label;
    void cueFrom(t('go.button'), { next: true }, (seq) => t('go.fired', { phase: label, seq }));
  }, [cueFrom, t]);

  const jump = useCallback((phase: string, label: string) => void cueFrom(label, { phase }, (seq) => t('jump.done', { phase: label, seq })), [cueFrom, t]);

  const undo = useCallback(
    (u: UndoCue) => {
      setLastCue(null);
      void answer(
        u.label,
        () => session.cue({ phase: u.phase, ...(u.offset > 0 ? { offset: u.offset } : {}) }),
        (seq) => t('undo.done', { phase: u.label, seq }),
      );
    },
    [answer, session, t],
  );

  const blackout = useCallback(
    (on: boolean, seconds: number) => void answer(t(on ? 'stage.blackout' : 'stage.lightsUp'), () => session.blackout({ on, seconds })),
    [answer, session, t],
  );
  const hold = useCallback((on: boolean) => void answer(t(on ? 'stage.hold' : 'stage.release'), () => session.hold({ on })), [answer, session, t]);
  const endShow = useCallback(() => void answer(t('end.yes'), () => session.blackout({ on: true, seconds: END_FADE })), [answer, session, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isGoKey(e)) return;
      // Space on a focused button would click it: on this page space is GO, never that button.
      e.preventDefault();
      go();
    };
    // A button is clicked by space on its keyup: that is swallowed too, wherever space is GO.
    const onKeyUp = (e: KeyboardEvent) => {
      if (isGoKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [go]);

  return { go, jump, undo, blackout, hold, endShow, lastCue, result, ignored };
}
