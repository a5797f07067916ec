import { describe, expect, it } from 'vitest';
import type { ClientInfo } from '../../src/net/protocol.ts';
import { joinShow, operator, until, showForFile } from './show-server.ts';

/** The console tells a display's drift from its reported t and the shared time its report arrived. */
describe('stats are stamped with the shared clock on arrival', () => {
  const show = showForFile();

  it('gives the operator statsAt beside the stats of a wall', async () => {
    const op = await operator(show.server.url);
    const wall = await joinShow(show.server.url, { role: 'viewer', display: 'north' });
    try {
      let latest: readonly ClientInfo[] = [];
      op.socket.on('clients', (c) => (latest = c));
      const before = await wall.socket.timeout(2000).emitWithAck('clock:ping', 0);
      wall.socket.emit('stats', { t: 12.5, fps: 60 });
      await until(() => latest.some((c) => c.display === 'north' && c.stats.t === 12.5));
      const after = await wall.socket.timeout(2000).emitWithAck('clock:ping', 0);
      const north = latest.find((c) => c.display === 'north');
      expect(north?.statsAt).toBeGreaterThanOrEqual(before);
      expect(north?.statsAt).toBeLessThanOrEqual(after);
      // A client that never reported has no stamp.
      expect(latest.find((c) => c.role === 'operator')?.statsAt).toBeUndefined();
    } finally {
      op.socket.disconnect();
      wall.socket.disconnect();
    }
  });
});
