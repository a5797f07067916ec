import type { Installation } from '../core/installation.ts';
import { unhandled } from '../core/never.ts';

// Without Tone.js: a page decides with it whether to load the sound at all (SoundGate imports Tone only
// for a display that plays sound, so a silent wall never downloads or parses it).

/** The kind of screen the page is: each plays sound only if the installation's `displays` says so. */
export type SoundDisplay = { readonly kind: 'desktop' } | { readonly kind: 'headset' } | { readonly kind: 'wall'; readonly id: string };

/** Whether this display plays the installation's sound: `displays.desktop.sound`, `displays.headset.sound`
 * or `displays.walls[id].sound`, and only if the installation has voices. */
export function displayPlaysSound(installation: Installation, display: SoundDisplay): boolean {
  const spec = installation.spec;
  if (!spec.sound || spec.sound.voices.length === 0) return false;
  switch (display.kind) {
    case 'desktop':
      return spec.displays.desktop.sound;
    case 'headset':
      return spec.displays.headset.sound;
    case 'wall':
      return spec.displays.walls[display.id]?.sound ?? false;
    default:
      return unhandled(display, false);
  }
}

/** An AudioContext for the page, made as it starts (see tone-gate.ts adoptContext for why then); undefined
 * where the browser has no Web Audio. */
export function pageAudioContext(): AudioContext | undefined {
  try {
    return new AudioContext({ latencyHint: 'interactive' });
  } catch {
    return undefined;
  }
}
