import { getContext, setContext, start } from 'tone';

/**
 * What SoundGate needs of Tone.js, loaded by it with a dynamic import only on a display that plays sound:
 * Tone (about 950 KB of source) is kept out of a page's main chunk, so a wall without sound never fetches or
 * parses it, and a wall with sound loads it beside its first frame instead of before it.
 */
export { startSound } from './sound.ts';

/**
 * Makes `context` (made by the page as it started) Tone's context, and closes the one Tone made when it was
 * imported. Why the page makes it: a browser decides whether a context may start without a gesture when it is
 * made, and the page starts before anything could have touched it; Tone, imported later, would make its own
 * after whatever happened meanwhile (a test tool's evaluate counts as a gesture).
 */
export function adoptContext(context: AudioContext): void {
  if (getContext().rawContext === context) return;
  setContext(context, true);
}

/** Resumes Tone's context (after a gesture, or at once where the browser allows sound without one). */
export const resumeTone: () => Promise<void> = start;

/**
 * Calls `listener` whenever the context's state changes. A context made without a gesture where the browser
 * allows sound (a kiosk) starts suspended and turns running a moment later by itself: the gate listens for
 * that rather than taking the first look as "blocked". Returns its cleanup.
 */
export function onContextChange(listener: () => void): () => void {
  try {
    const context = getContext();
    context.on('statechange', listener);
    return () => void context.off('statechange', listener);
  } catch {
    // No Web Audio: nothing will change.
    return () => {};
  }
}

/** The context's state, or false where there is no Web Audio at all (getContext throws). */
export function contextRunning(): boolean {
  try {
    return getContext().state === 'running';
  } catch {
    return false;
  }
}
