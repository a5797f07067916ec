import type { Seconds } from '../../core/units.ts';
import type { OperatorSession } from './session.ts';
import { useT } from './i18n.tsx';
import type { RoomNow, RoomStory } from './room-now.ts';
import { StoryRow } from './StoryRow.tsx';
import type { ReadOnly } from './read-only.ts';

export interface RoomPanelProps {
  readonly session: OperatorSession | null;
  readonly room: RoomNow;
  readonly emotions: Readonly<Record<string, string>>;
  /** Material key -> its name. */
  readonly materialName: (key: string) => string;
  readonly now: Seconds;
  readonly enabled: boolean;
  /** Set while the server refuses moderation (a replay): why Hide is off. */
  readonly readOnly?: ReadOnly;
}

/** "In the room now": every story on display, with Hide, under any moderation mode; then the ones shown
 * earlier tonight (they are still in the archive until hidden). */
export function RoomPanel({ session, room, emotions, materialName, now, enabled, readOnly }: RoomPanelProps) {
  const t = useT();
  const item = (r: RoomStory) => {
    const fading = r.opacity !== undefined && r.opacity < 1 && now - r.shownAt > 1;
    return (
      <StoryRow
        key={r.story.id}
        story={r.story}
        session={session}
        color={emotions[r.story.emotion]}
        material={materialName(r.story.material)}
        age={now - r.shownAt}
        enabled={enabled}
        {...(readOnly ? { readOnly } : {})}
        notes={fading ? [t('room.fading')] : []}
        idPrefix="room-reason"
      />
    );
  };
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
