import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/core/archive.ts';
import { archiveAndStartAfresh, SHOW_DB } from '../../server/new-show.ts';
import { demoCopy, joinShow, operator, removeDir, startTestServer, story } from './show-server.ts';

const dir = demoCopy((y) => y.replace('moderation: before', 'moderation: after'));
afterAll(() => removeDir(dir));

describe('meshwork serve --new-show', () => {
  it('keeps the last show as an archive file (what may be kept of it) and starts the next at seq 1', async () => {
    const first = await startTestServer(dir);
    const phone = await joinShow(first.url, { role: 'audience' });
    expect((await phone.socket.timeout(5000).emitWithAck('story:submit', story('kept-story-1', 'The river was orange the year the mill opened.'))).ok).toBe(
      true,
    );
    expect(
      (await phone.socket.timeout(5000).emitWithAck('story:submit', story('private-story-1', 'Only for tonight, please do not keep this.', { consent: false })))
        .ok,
    ).toBe(true);
    const op = await operator(first.url);
    expect((await op.socket.timeout(5000).emitWithAck('cue', { next: true })).ok).toBe(true);
    phone.socket.disconnect();
    op.socket.disconnect();
    await first.close();

    const dataDir = join(dir, '.meshwork');
    const file = await archiveAndStartAfresh(dataDir, new Date('2026-12-01T21:30:00Z'));
    expect(file).toBe(join(dataDir, 'archives', 'show-2026-12-01-2130.json'));
    const read = readArchive(readFileSync(file as string, 'utf8'));
    if (!read.ok) throw new Error(read.error);
    expect(read.archive.exportedOn).toBe('2026-12-01');
    expect(read.archive.events.some((e) => e.type === 'story' && e.id === 'kept-story-1')).toBe(true);
    expect(JSON.stringify(read.archive)).not.toContain('Only for tonight');
    expect(read.archive.events.some((e) => e.type === 'cue')).toBe(true);
    expect(existsSync(join(dataDir, SHOW_DB))).toBe(false);

    // The next start is a new show; a second --new-show the same minute archives it beside the first.
    const second = await startTestServer(dir);
    const viewer = await joinShow(second.url, { role: 'viewer' });
    expect(viewer.welcome.events.map((e) => e.type)).toEqual(['installation']);
    viewer.socket.disconnect();
    await second.close();
    const again = await archiveAndStartAfresh(dataDir, new Date('2026-12-01T21:30:00Z'));
    expect(again).toBe(join(dataDir, 'archives', 'show-2026-12-01-2130-2.json'));
  });
});
