import { useState } from 'react';
import type { Seconds } from '../../core/units.ts';
import type { OperatorSession } from './session.ts';
import { agoText } from './strings.ts';
import { useT } from './i18n.tsx';
import type { RoomNow, RoomStory } from './room-now.ts';

export interface RoomPanelProps {
  readonly session: OperatorSession | null;
  readonly room: RoomNow;
  readonly emotions: Readonly<Record<string, string>>;
  /** Material key -> its name. */
  readonly materialName: (key: string) => string;
  readonly now: Seconds;
  readonly enabled: boolean;
}

/** "In the room now": every story on display, with Hide, under any moderation mode; then the ones shown
 * earlier tonight (they are still in the archive until hidden). Story text is React text, never markup. */
export function RoomPanel({ session, room, emotions, materialName, now, enabled }: RoomPanelProps) {
  const t = useT();
  const item = (r: RoomStory) => (
    <RoomItem
      key={r.story.id}
      entry={r}
      session={session}
      color={emotions[r.story.emotion]}
      material={materialName(r.story.material)}
      now={now}
      enabled={enabled}
    />
  );
  return (
    <section className="panel room" aria-labelledby="room-heading" data-testid="room-now">
      <h2 id="room-heading">
        {t('room.heading')} <span className="count">{t('room.count', { count: room.onDisplay.length })}</span>
      </h2>
      <p className="hint">{t('room.hideHelp')}</p>
      {room.onDisplay.length === 0 ? <p className="empty">{t('room.empty')}</p> : null}
      <ul>{room.onDisplay.map(item)}</ul>
      {room.earlier.length > 0 ? (
        <details className="earlier">
          <summary>
            {t('room.earlier')} <span className="count">{room.earlier.length}</span>
          </summary>
          <ul>{room.earlier.map(item)}</ul>
        </details>
      ) : null}
    </section>
  );
}

interface RoomItemProps {
  readonly entry: RoomStory;
  readonly session: OperatorSession | null;
  readonly color: string | undefined;
  readonly material: string;
  readonly now: Seconds;
  readonly enabled: boolean;
}

function RoomItem({ entry, session, color, material, now, enabled }: RoomItemProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const { story } = entry;
  const hide = async () => {
    if (!session) return;
    setBusy(true);
    const r = await session.moderate({ id: story.id, action: 'hide', ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setBusy(false);
    setError(r.ok ? '' : `${r.error}${r.hint ? `. ${r.hint}` : ''}`);
  };
  const reasonId = `room-reason-${story.id}`;
  const fading = entry.opacity !== undefined && entry.opacity < 1 && now - entry.shownAt > 1;
  return (
    <li className="story" data-story={story.id}>
      <p className="story-meta">
        <span className="emotion">
          <span className="dot" style={{ background: color }} aria-hidden="true" />
          {t('room.meta', { emotion: story.emotion, material, ago: agoText(t, now - entry.shownAt), lang: story.lang })}
        </span>
        {fading ? <span className="fading"> · {t('room.fading')}</span> : null}
      </p>
      <blockquote className="story-text" lang={story.lang === 'und' ? undefined : story.lang}>
        {story.text}
      </blockquote>
      <div className="story-actions">
        <label htmlFor={reasonId} className="visually-hidden">
          {t('room.reason')}
        </label>
        <input id={reasonId} placeholder={t('room.reasonPlaceholder')} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="hide" disabled={!enabled || busy} onClick={() => void hide()}>
          {t('room.hide')}
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
