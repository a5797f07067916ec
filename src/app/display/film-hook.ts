import { Offline } from 'tone';
import { startSound } from '../../audio/sound.ts';
import type { ShowSource, SteppedSource } from '../../net/show-source.ts';
import { testHook } from './test-hook.ts';

/**
 * What `meshwork film` drives in a film page (`/?t=<from>&film`): `step(t)` freezes the show at each
 * frame's exact t in the same page (no reload per frame: the scene, its buffers and the laid-out texts stay,
 * only t moves), and `renderAudio` renders the sound of the film's span offline (Tone.Offline) through the
 * very adapter a screen plays it with (startSound, the same score and scheduler), with the show clock
 * driven by the offline context's own clock, so the notes fall at their t whatever the machine's speed.
 */
export function attachFilm(source: SteppedSource): void {
  const hook = testHook();
  let rendered: AudioBuffer | undefined;
  hook.step = (t) => source.step(t);
  hook.renderAudio = async (from, seconds, sampleRate) => {
    const buffer = await Offline(
      async (context) => {
        const clocked: ShowSource = {
          installation: () => source.installation(),
          log: () => source.log(),
          now: () => from + context.currentTime,
          subscribe: () => () => {},
          frozen: false,
        };
        const handle = startSound({ source: clocked, display: { kind: 'desktop' }, context });
        await handle.engine.ready;
      },
      seconds,
      2,
      sampleRate,
    );
    rendered = buffer.get() as AudioBuffer;
    return rendered.length;
  };
  hook.audioChunk = (start, count) => {
    if (!rendered) throw new Error('renderAudio first');
    const left = rendered.getChannelData(0);
    const right = rendered.numberOfChannels > 1 ? rendered.getChannelData(1) : left;
    const end = Math.min(rendered.length, start + count);
    const bytes = new Uint8Array(Math.max(0, end - start) * 4);
    const view = new DataView(bytes.buffer);
    const pcm = (x: number) => Math.round(Math.max(-1, Math.min(1, x)) * 32767);
    for (let i = start; i < end; i++) {
      view.setInt16((i - start) * 4, pcm(left[i] as number), true);
      view.setInt16((i - start) * 4 + 2, pcm(right[i] as number), true);
    }
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  };
}
