import { createClockSync } from '../../net/clock.ts';
import type { OperatorSocket, ShowClock } from './session.ts';

/** The shared clock for the console (src/net/clock.ts over this socket). It syncs on every connection: a
 * reconnect may reach a restarted server. Reads NaN until the first round trip, so the console shows "–"
 * rather than a wrong time. */
export function startShowClock(socket: OperatorSocket): ShowClock & { stop(): void; rttMs(): number; offsetMs(): number } {
  const sync = createClockSync({ ping: (sendMs) => socket.timeout(3000).emitWithAck('clock:ping', sendMs) });
  let started = false;
  const onConnect = () => {
    void (started ? sync.restart() : sync.start());
    started = true;
  };
  socket.on('connect', onConnect);
  if (socket.connected) onConnect();
  return {
    now: () => (sync.synced() ? sync.now() : Number.NaN),
    rttMs: () => sync.rttMs(),
    offsetMs: () => sync.offsetMs(),
    stop() {
      socket.off('connect', onConnect);
      sync.stop();
    },
  };
}
