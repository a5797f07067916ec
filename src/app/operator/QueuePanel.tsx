import { useState } from 'react';
import type { ShowEvent, StoryBody } from '../../core/events.ts';
import type { Seconds } from '../../core/units.ts';
import type { OperatorSession } from './session.ts';
import { formatAgo } from './format.ts';

export interface QueuePanelProps {
  readonly session: OperatorSession | null;
  readonly queue: readonly ShowEvent<StoryBody>[];
  readonly emotions: Readonly<Record<string, string>>;
  /** Material key -> its name. */
  readonly materialName: (key: string) => string;
  readonly now: Seconds;
  readonly enabled: boolean;
}

/** The moderation queue, oldest first. Story text is rendered as React text nodes, never as markup: an
 * audience member's `<img onerror=...>` shows as those characters (tests/app/operator-escape.test.tsx). */
export function QueuePanel({ session, queue, emotions, materialName, now, enabled }: QueuePanelProps) {
  return (
    <section className="panel queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        Moderation <span className="count">{queue.length} waiting</span>
      </h2>
      {queue.length === 0 ? <p className="empty">No story is waiting.</p> : null}
      <ul>
        {queue.map((s) => (
          <QueueItem key={s.id} story={s} session={session} color={emotions[s.emotion]} material={materialName(s.material)} now={now} enabled={enabled} />
        ))}
      </ul>
    </section>
  );
}

interface QueueItemProps {
  readonly story: ShowEvent<StoryBody>;
  readonly session: OperatorSession | null;
  readonly color: string | undefined;
  readonly material: string;
  readonly now: Seconds;
  readonly enabled: boolean;
}

export function QueueItem({ story, session, color, material, now, enabled }: QueueItemProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (action: 'approve' | 'hide') => {
    if (!session) return;
    setBusy(true);
    const r = await session.moderate({ id: story.id, action, ...(action === 'hide' && reason.trim() ? { reason: reason.trim() } : {}) });
    setBusy(false);
    setError(r.ok ? '' : `${r.error}${r.hint ? `. ${r.hint}` : ''}`);
  };
  const reasonId = `reason-${story.id}`;
  return (
    <li className="story" data-story={story.id}>
      <p className="story-meta">
        <span className="emotion">
          <span className="dot" style={{ background: color }} aria-hidden="true" />
          {story.emotion}
        </span>{' '}
        on <strong>{material}</strong> · {formatAgo(now - story.t)} · {story.lang} · {story.consent ? 'may be archived' : 'tonight only'}
      </p>
      <blockquote className="story-text" lang={story.lang === 'und' ? undefined : story.lang}>
        {story.text}
      </blockquote>
      <div className="story-actions">
        <button type="button" className="approve" disabled={!enabled || busy} onClick={() => void act('approve')}>
          Approve
        </button>
        <label htmlFor={reasonId} className="visually-hidden">
          Reason for hiding
        </label>
        <input id={reasonId} placeholder="Reason (optional)" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="hide" disabled={!enabled || busy} onClick={() => void act('hide')}>
          Hide
        </button>
      </div>
      {error ? (
        <p className="bad" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
