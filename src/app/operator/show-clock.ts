import type { Seconds } from '../../core/units.ts';
import type { OperatorSocket, ShowClock } from './session.ts';

/**
 * The console's reading of the shared clock, from `clock:ping` round trips: of the recent samples, the one
 * with the shortest round trip wins (asymmetric delay pulls means and medians off; the fastest trip bounds
 * the error by half its length). Resampled every few seconds while connected.
 */
export function startShowClock(socket: OperatorSocket, options: { everyMs?: number; keep?: number } = {}): ShowClock & { stop(): void; readonly rttMs: number | null } {
  const everyMs = options.everyMs ?? 5000;
  const keep = options.keep ?? 8;
  const samples: { rttMs: number; offset: Seconds }[] = [];
  let best: { rttMs: number; offset: Seconds } | null = null;

  const sample = () => {
    if (!socket.connected) return;
    const sentMs = performance.now();
    socket.timeout(2000).emit('clock:ping', sentMs, (err: Error | null, serverTime: Seconds) => {
      if (err) return;
      const backMs = performance.now();
      const rttMs = backMs - sentMs;
      // The server read its clock about half-way through the trip.
      samples.push({ rttMs, offset: serverTime - (sentMs + rttMs / 2) / 1000 });
      if (samples.length > keep) samples.shift();
      best = samples.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
    });
  };
  // A burst at the start so the console shows the right time at once, then a slow refresh.
  const burst = () => {
    for (let i = 0; i < 5; i++) setTimeout(sample, i * 100);
  };
  socket.on('connect', burst);
  if (socket.connected) burst();
  const timer = setInterval(sample, everyMs);

  return {
    now: () => (best ? performance.now() / 1000 + best.offset : NaN),
    get rttMs() {
      return best ? best.rttMs : null;
    },
    stop() {
      clearInterval(timer);
      socket.off('connect', burst);
    },
  };
}
