import type { EventLog } from '../../core/event-log.ts';
import { phaseAt, type PhaseState } from '../../core/phases.ts';
import type { PhaseSpec } from '../../core/schema/installation.ts';
import { blackoutOn, holdStartAt } from '../../core/stage.ts';
import type { Seconds } from '../../core/units.ts';

/** Where the show stands for the operator's GO: the phase now, the standby cue, the stage, the end. */
export interface ShowControl {
  readonly phase: PhaseState;
  /** The cue GO fires (the next phase), or null in the last phase. */
  readonly standby: { readonly id: string; readonly label: string } | null;
  /** Seconds until the standby phase starts by itself (`advance: auto`), null when it waits for GO. */
  readonly autoIn: Seconds | null;
  readonly blackout: boolean;
  /** When the hold in force began, null when the show runs. */
  readonly heldSince: Seconds | null;
  /** `running`; `last`: in the last phase; `over`: the last phase has run its time; `ended`: blacked
   * out in the last phase (the console's End show). */
  readonly end: 'running' | 'last' | 'over' | 'ended';
}

/** The show control at `now` (a console reads it a few times a second: O(cues + holds), no frame work). */
export function showControl(phases: readonly PhaseSpec[], log: EventLog, now: Seconds): ShowControl {
  const { phase } = phaseAt(phases, log, Math.max(0, now));
  const next = phases[phase.index + 1];
  const spec = phases[phase.index];
  const heldSince = holdStartAt(log, now) ?? null;
  const blackout = blackoutOn(log, now);
  const last = next === undefined;
  const autoIn = next && spec?.advance === 'auto' && heldSince === null ? Math.max(0, phase.duration - phase.elapsed) : null;
  return {
    phase,
    standby: next ? { id: next.id, label: next.label ?? next.id } : null,
    autoIn,
    blackout,
    heldSince,
    end: !last ? 'running' : blackout ? 'ended' : phase.holding ? 'over' : 'last',
  };
}

/** What an Undo after a cue puts back: the phase the show was in, at the point it had reached. */
export interface UndoCue {
  readonly phase: string;
  readonly label: string;
  /** Running seconds into that phase when the cue was fired: the undo's cue `offset`. */
  readonly offset: Seconds;
  /** The seq of the cue it undoes: once another cue follows, the undo is gone. */
  readonly seq: number;
  /** When that cue was fired (shared clock). */
  readonly at: Seconds;
}

/** How long after a cue its Undo is offered (seconds). */
export const UNDO_SECONDS: Seconds = 30;

/** The undo still on offer at `now`: the last cue in the log is the one it undoes, and it is recent. */
export function undoOnOffer(undo: UndoCue | null, log: EventLog, now: Seconds): UndoCue | null {
  if (!undo) return null;
  if (log.cues.at(-1)?.seq !== undo.seq) return null;
  return now - undo.at <= UNDO_SECONDS ? undo : null;
}
