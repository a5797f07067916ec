/**
 * The replay transport's words in English (src/app/shared/TransportControls.tsx), shown by the console and
 * by the desktop page: both catalogues spread this in, so a language translates them once per page file
 * and the keys cannot drift apart. `{name}` is replaced by a value.
 */
export const transportEn = {
  'transport.play': 'Play the replay',
  'transport.pause': 'Pause the replay',
  'transport.position': 'Replay position',
  'transport.positionOf': '{at} of {span}',
  'transport.speed': 'Speed',
  'transport.speedLabel': 'Replay speed',
  'transport.rate': '{rate}×',
  'transport.markCue': 'cue: {phase}',
  'transport.markGlitch': 'glitch {intensity} for {seconds} s',
} as const;

export type TransportKey = keyof typeof transportEn;
