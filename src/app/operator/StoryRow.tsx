import { useState } from 'react';
import type { StoryBody } from '../../core/events.ts';
import type { Seconds } from '../../core/units.ts';
import type { OperatorSession } from './session.ts';
import { agoText } from './strings.ts';
import { useT } from './i18n.tsx';
import { readOnlyProps, type ReadOnly } from './read-only.ts';

export interface StoryRowProps {
  readonly story: StoryBody;
  readonly session: OperatorSession | null;
  /** The emotion's colour (the installation's), or undefined when it has none. */
  readonly color: string | undefined;
  /** The material's name, as the artist wrote it. */
  readonly material: string;
  /** Seconds since the story was sent (queue) or came on display (room). */
  readonly age: Seconds;
  readonly enabled: boolean;
  /** Set while the server refuses moderation (a replay): why Approve and Hide are off. */
  readonly readOnly?: ReadOnly;
  /** Offer Approve (the moderation queue) besides Hide. */
  readonly approve?: boolean;
  /** Words after the meta line (the consent, "fading out"), already translated. */
  readonly notes?: readonly string[];
  /** Keeps the reason fields' ids apart when one story is listed twice on the page. */
  readonly idPrefix: string;
}

/**
 * One story as the console lists it, in the queue and in "In the room now" alike: emotion, material, age
 * and language, the text, a reason field and Hide (and Approve in the queue), and the server's answer.
 * Story text is rendered as React text nodes, never as markup: an audience member's `<img onerror=...>`
 * shows as those characters (tests/app/operator-escape.test.tsx).
 */
export function StoryRow({ story, session, color, material, age, enabled, readOnly, approve, notes = [], idPrefix }: StoryRowProps) {
  const t = useT();
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
  const reasonId = `${idPrefix}-${story.id}`;
  const off = !enabled || busy;
  const why = readOnlyProps(readOnly);
  return (
    <li className="story" data-story={story.id}>
      <p className="story-meta">
        <span className="emotion">
          <span className="dot" style={{ background: color }} aria-hidden="true" />
          {t('story.meta', { emotion: story.emotion, material, ago: agoText(t, age), lang: story.lang })}
        </span>
        {notes.map((n) => (
          <span key={n} className="story-note">
            {' '}
            · {n}
          </span>
        ))}
      </p>
      <blockquote className="story-text" lang={story.lang === 'und' ? undefined : story.lang}>
        {story.text}
      </blockquote>
      <div className="story-actions">
        {approve ? (
          <button type="button" className="approve" disabled={off} {...why} onClick={() => void act('approve')}>
            {t('story.approve')}
          </button>
        ) : null}
        <label htmlFor={reasonId} className="visually-hidden">
          {t('story.reason')}
        </label>
        <input
          id={reasonId}
          placeholder={t('story.reasonPlaceholder')}
          maxLength={200}
          value={reason}
          disabled={!enabled}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="button" className="hide" disabled={off} {...why} onClick={() => void act('hide')}>
          {t('story.hide')}
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
