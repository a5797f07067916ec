import type { EventLog } from '../../core/event-log.ts';
import type { Installation } from '../../core/installation.ts';
import type { Transport } from '../../core/transport.ts';
import { TransportControls, useReplayTimeline, useTransportTime } from '../shared/TransportControls.tsx';
import type { OperatorSession } from './session.ts';

export interface TransportPanelProps {
  readonly session: OperatorSession;
  readonly transport: Transport;
  readonly installation: Installation | undefined;
  readonly log: EventLog;
  readonly revision: number;
  readonly enabled: boolean;
}

/** The console during a replay: play, pause, seek on the show's timeline (phases, cues, glitches, stories)
 * and speed; every screen follows the server's transport together. */
export function TransportPanel({ session, transport, installation, log, revision, enabled }: TransportPanelProps) {
  const t = useTransportTime(transport, session.serverNow);
  const timeline = useReplayTimeline(installation, log, revision, transport);
  if (!timeline) return null;
  return (
    <section className="panel replay-panel" aria-label="Replay">
      <h2>Replay of an archive</h2>
      <TransportControls
        variant="panel"
        transport={transport}
        timeline={timeline}
        t={t}
        {...(enabled
          ? {
              send: async (msg) => {
                const r = await session.transport(msg);
                return r.ok ? undefined : `${r.error}${r.hint ? `. ${r.hint}` : ''}`;
              },
            }
          : {})}
        viewOnly="not connected: the controls come back with the connection"
      />
      <p className="hint">Marks: cues (amber), glitches (red), stories (green). Arrow keys on the timeline seek 5 s.</p>
    </section>
  );
}
