/** The score: what every voice plays, as a pure function of (installation, log, time window). */
export * from './scales.ts';
export * from './voices.ts';
export * from './motifs.ts';
export * from './score.ts';
