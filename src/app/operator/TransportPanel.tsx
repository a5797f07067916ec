import type { EventLog } from '../../core/event-log.ts';
import type { Installation } from '../../core/installation.ts';
import type { Transport } from '../../core/transport.ts';
import { TransportControls, useReplayTimeline, useTransportTime } from '../shared/TransportControls.tsx';
import type { OperatorSession } from './session.ts';
import { useT } from './i18n.tsx';

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
  const tr = useT();
  const t = useTransportTime(transport, session.serverNow);
  const timeline = useReplayTimeline(installation, log, revision, transport);
  if (!timeline) return null;
  return (
    <section className="panel replay-panel" aria-label={tr('replay.label')}>
      <h2>{tr('replay.heading')}</h2>
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
        viewOnly={tr('replay.offline')}
        tr={tr}
      />
      <p className="hint">{tr('replay.marks')}</p>
    </section>
  );
}
