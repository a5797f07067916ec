/** The sound adapter: plays the score that src/core/score computes, with Tone.js, placed in the room. */
export { SoundGate, type SoundGateProps, type SoundWords } from './SoundGate.tsx';
export { startSound, displayPlaysSound, type SoundDisplay, type SoundHandle, type StartSoundOptions } from './sound.ts';
export { updateListener, type ListenerPose } from './listener.ts';
export { SoundEngine, type SoundEngineOptions, type PanningModel } from './engine.ts';
export { SoundScheduler, type NoteSink, type SchedulerOptions } from './scheduler.ts';
export { ClockMap, outputLatency } from './clock-map.ts';
