import { describe, expect, it } from 'vitest';
import { replicaLog } from '../../src/core/projection.ts';
import { showAt } from '../../src/core/show.ts';
import { clientId, joinShow, operator, story, until, showForFile } from './show-server.ts';

/** The projection through a real server: a story held, approved, then hidden with a reason. A viewer and
 * a phone connected all along, folding what they were pushed, hold exactly what a viewer and a phone
 * joining afterwards are sent; the reason and the join code never leave the operator. */

const CODE = 'projection-code';
const show = showForFile((y) => y.replace('  moderation: before\n', `  moderation: before\n  joinCode: ${CODE}\n`));
const keep = show.keep;

describe('live and late clients of a real server', () => {
  it("agree after an approval and a hiding, and nothing of the operator's leaks", async () => {
    const viewer = keep(await joinShow(show.server.url, { role: 'viewer', joinCode: CODE }));
    const phone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE }));
    const op = keep(await operator(show.server.url)).socket;
    const id = `proj-${clientId()}`;
    const text = 'The river ran three colours that spring.';
    const reason = 'names a person';
    const sent = await phone.socket.timeout(5000).emitWithAck('story:submit', story(id, text));
    expect(sent).toMatchObject({ ok: true, outcome: 'held' });
    const approved = await op.timeout(5000).emitWithAck('moderate', { id, action: 'approve' });
    if (!approved.ok) throw new Error(approved.error);
    await until(() => viewer.socket.heard.some((e) => e.seq === approved.seq));
    // Live, the approval carried the story: the room saw it.
    expect(viewer.socket.heard.find((e) => e.seq === approved.seq)).toMatchObject({ type: 'story-approved', story: { text } });
    const hidden = await op.timeout(5000).emitWithAck('moderate', { id, action: 'hide', reason });
    if (!hidden.ok) throw new Error(hidden.error);
    await until(() => viewer.socket.heard.some((e) => e.seq === hidden.seq) && phone.socket.heard.some((e) => e.seq === hidden.seq), 8000);

    const lateViewer = keep(await joinShow(show.server.url, { role: 'viewer', joinCode: CODE }));
    const latePhone = keep(await joinShow(show.server.url, { role: 'audience', joinCode: CODE }));
    const liveViewer = replicaLog('viewer', [...viewer.welcome.events, ...viewer.socket.heard]);
    const livePhone = replicaLog('audience', [...phone.welcome.events, ...phone.socket.heard]);
    expect(liveViewer.events).toEqual(lateViewer.welcome.events);
    expect(livePhone.events).toEqual(latePhone.welcome.events);
    expect(lateViewer.welcome.events.find((e) => e.seq === hidden.seq)).toEqual({ type: 'story-hidden', id, seq: hidden.seq, t: expect.any(Number) });

    const inst = lateViewer.welcome.installation;
    if (!inst) throw new Error('no installation');
    for (const t of [show.server.now(), show.server.now() - 1, show.server.now() + 5])
      expect(showAt(inst, liveViewer, t)).toEqual(showAt(inst, lateViewer.welcome.events, t));
    const everything = JSON.stringify([viewer.socket.heard, phone.socket.heard, lateViewer.welcome, latePhone.welcome, phone.welcome, viewer.welcome]);
    expect(everything).not.toContain(reason);
    expect(everything).not.toContain(CODE);
    expect(JSON.stringify([phone.socket.heard, phone.welcome, latePhone.welcome])).not.toContain(text);
    expect(JSON.stringify(lateViewer.welcome)).not.toContain(text);
  });
});
