import { useEffect, useState } from 'react';
import { richText } from '../shared/strings-kit.tsx';
import { useDisplayT } from './strings.ts';

export interface HelpOverlayProps {
  /** The installation's title. */
  readonly title: string;
  /** The phase now (its label), and whether it waits for the operator's cue. */
  readonly phase?: { readonly label: string; readonly holding: boolean };
  /** Whether the help is open at first (H toggles it). Default true. */
  readonly startOpen?: boolean;
}

/** Keys the overlay answers (and names): H shows or hides it, F toggles full screen. */
const HELP_KEYS = new Set(['h', 'H', '?']);
const FULLSCREEN_KEYS = new Set(['f', 'F']);

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

/** Typing in a field is not a shortcut. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
}

/**
 * What the desktop preview says about itself: the installation's title, the phase now, how to move around
 * (drag, scroll, keys) and a full-screen button. The views show it only on the desktop page of a live show:
 * never on a wall (a projection shows no interface), in a `?t=` still or inside a headset session.
 */
export function HelpOverlay({ title, phase, startOpen = true }: HelpOverlayProps) {
  const t = useDisplayT();
  const [open, setOpen] = useState(startOpen);
  const [full, setFull] = useState(() => document.fullscreenElement != null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (HELP_KEYS.has(e.key)) setOpen((o) => !o);
      else if (FULLSCREEN_KEYS.has(e.key)) toggleFullscreen();
    };
    const onFull = () => setFull(document.fullscreenElement != null);
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFull);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFull);
    };
  }, []);
  const fullscreen = (
    <button type="button" className="help-fullscreen" onClick={toggleFullscreen} aria-pressed={full}>
      {t(full ? 'help.leaveFullscreen' : 'help.fullscreen')}
    </button>
  );
  if (!open)
    return (
      <div className="help collapsed">
        <button type="button" className="help-toggle" onClick={() => setOpen(true)} aria-expanded={false} aria-label={t('help.show')}>
          ?
        </button>
        {fullscreen}
      </div>
    );
  return (
    <section className="help" aria-label={t('help.label')}>
      <header>
        <h1>{title}</h1>
        <button type="button" className="help-toggle" onClick={() => setOpen(false)} aria-expanded={true} aria-label={t('help.hide')}>
          ×
        </button>
      </header>
      {phase && (
        <p className="help-phase">
          {richText(t('help.now'), { phase: <strong>{phase.label}</strong> })}
          {phase.holding && <span> {t('help.holding')}</span>}
        </p>
      )}
      <ul className="help-moves">
        {(['help.look', 'help.closer', 'help.slide', 'help.keys'] as const).map((key) => (
          <li key={key}>{richText(t(key))}</li>
        ))}
      </ul>
      {fullscreen}
    </section>
  );
}
