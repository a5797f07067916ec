import { useProgress } from '@react-three/drei';
import { useState } from 'react';
import { useDisplayT } from './strings.ts';

export interface LoadingStep {
  /** In the page's language (the caller's catalogue). */
  readonly label: string;
  readonly done: boolean;
}

export interface LoadingScreenProps {
  readonly title: string;
  readonly steps: readonly LoadingStep[];
  /** Fades out once the first frame is drawn. */
  readonly done: boolean;
  readonly error?: string;
  /** Fade out (a live screen) or vanish at once (a frozen one: a poster is taken right after). Default true. */
  readonly fade?: boolean;
}

/** Shown while the show, the font and models load; the bar counts steps and three's loading manager (models). */
export function LoadingScreen({ title, steps, done, error, fade = true }: LoadingScreenProps) {
  const t = useDisplayT();
  const models = useProgress();
  const [gone, setGone] = useState(false);
  if (done && !error && (gone || !fade)) return null;
  const stepShare = steps.filter((s) => s.done).length / Math.max(1, steps.length);
  const modelShare = models.total > 0 ? models.loaded / models.total : 1;
  const progress = Math.round(100 * (0.8 * stepShare + 0.2 * modelShare));
  return (
    <div
      className={`loading${done && !error ? ' done' : ''}`}
      role="status"
      aria-live="polite"
      onTransitionEnd={(e) => {
        if (e.propertyName === 'opacity' && done) setGone(true);
      }}
    >
      <h1>{title}</h1>
      <div className="bar" aria-label={t('loading.progress', { percent: progress })}>
        <div style={{ width: `${progress}%` }} />
      </div>
      <ul>
        {steps.map((s) => (
          <li key={s.label}>
            {s.done ? '✓' : '…'} {s.label}
          </li>
        ))}
        {models.total > 0 && <li>{t('loading.models', { loaded: models.loaded, total: models.total })}</li>}
      </ul>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
