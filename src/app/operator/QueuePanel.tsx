import type { ShowEvent, StoryBody } from '../../core/events.ts';
import type { Seconds } from '../../core/units.ts';
import type { OperatorSession } from './session.ts';
import { useT } from './i18n.tsx';
import { StoryRow } from './StoryRow.tsx';
import type { ReadOnly } from './read-only.ts';

export interface QueuePanelProps {
  readonly session: OperatorSession | null;
  readonly queue: readonly ShowEvent<StoryBody>[];
  readonly emotions: Readonly<Record<string, string>>;
  /** Material key -> its name. */
  readonly materialName: (key: string) => string;
  readonly now: Seconds;
  readonly enabled: boolean;
  /** Set while the server refuses moderation (a replay): why Approve and Hide are off. */
  readonly readOnly?: ReadOnly;
}

/** The moderation queue, oldest first, each story with Approve and Hide. */
export function QueuePanel({ session, queue, emotions, materialName, now, enabled, readOnly }: QueuePanelProps) {
  const t = useT();
  return (
    <section className="panel queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        {t('queue.heading')} <span className="count">{t('queue.count', { count: queue.length })}</span>
      </h2>
      {queue.length === 0 ? <p className="empty">{t('queue.empty')}</p> : null}
      <ul>
        {queue.map((s) => (
          <QueueItem
            key={s.id}
            story={s}
            session={session}
            color={emotions[s.emotion]}
            material={materialName(s.material)}
            now={now}
            enabled={enabled}
            {...(readOnly ? { readOnly } : {})}
          />
        ))}
      </ul>
    </section>
  );
}

export interface QueueItemProps {
  readonly story: ShowEvent<StoryBody>;
  readonly session: OperatorSession | null;
  readonly color: string | undefined;
  readonly material: string;
  readonly now: Seconds;
  readonly enabled: boolean;
  readonly readOnly?: ReadOnly;
}

/** A waiting story: its age counts from its submission, and it says whether it may be archived. */
export function QueueItem({ story, now, ...rest }: QueueItemProps) {
  const t = useT();
  return <StoryRow {...rest} story={story} age={now - story.t} approve notes={[t(story.consent ? 'story.archived' : 'story.tonightOnly')]} idPrefix="reason" />;
}
