import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { testHook } from './test-hook.ts';

/** Longest wait for the story texts of one frame to be laid out (troika's worker), milliseconds. */
const TEXT_TIMEOUT_MS = 120_000;

/**
 * Inside the canvas of a film page (`?t=&film`, where film-hook.ts gave the hook its `step`): `capture(t)`
 * draws the show at t on demand and reads the frame back from the drawing buffer, so `meshwork film` needs
 * no screenshot per frame (Playwright's waits for the compositor, encodes a PNG and decodes it again).
 *
 * The rules it relies on:
 * - Once the page is ready, the canvas renders only when asked (frameloop "never"): no frame is drawn between
 *   two captures, so the two cores go to the film's frames and ffmpeg instead of redrawing the same t.
 * - A frame is drawn at t until a draw finds every text laid out and starts no new layout, as the page drawn
 *   for `render` is (frames at t until none is pending): the same picture, in one draw when no text changed.
 * - The pixels are read in the same task as the draw, before the browser presents the buffer, so the
 *   context needs no preserveDrawingBuffer (which would change how every other page draws).
 * - Rows come top first, 4 bytes (RGBA) a pixel; the frame is opaque (the room has a background colour).
 */
export function FilmCapture() {
  const get = useThree((s) => s.get);
  // Once the page is ready (its first frames drawn, every text laid out), it draws only when asked: the
  // offline sound render and the captures get the cores.
  useFrame((state) => {
    if (testHook().step && testHook().ready && state.frameloop !== 'never') state.setFrameloop('never');
  });
  useEffect(() => {
    const hook = testHook();
    if (!hook.step) return;
    hook.capture = async (t) => {
      const state = get();
      hook.step?.(t);
      const draw = () => state.advance(performance.now());
      // A draw is final once it finds every text laid out and starts no new layout (a card made, or wrapped
      // again): the layout of a frame reads only the sizes known when it is drawn (Stories.tsx).
      for (;;) {
        for (let waited = 0; hook.pendingText > 0; waited += 16) {
          if (waited > TEXT_TIMEOUT_MS) throw new Error(`the texts of t=${t} were not laid out in ${TEXT_TIMEOUT_MS / 1000} s`);
          await new Promise((done) => setTimeout(done, 16));
        }
        draw();
        if (hook.pendingText === 0) break;
      }
      // Through three, so that its cache of the bound framebuffer stays right.
      state.gl.setRenderTarget(null);
      return readFrame(state.gl.getContext());
    };
    return () => {
      delete hook.capture;
    };
  }, [get]);
  return null;
}

/** The drawing buffer's pixels, rows top first (WebGL reads bottom first), as base64 for page.evaluate. */
function readFrame(gl: WebGLRenderingContext | WebGL2RenderingContext): { width: number; height: number; rgba: string } {
  const width = gl.drawingBufferWidth;
  const height = gl.drawingBufferHeight;
  const px = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const flipped = new Uint8Array(px.length);
  const row = width * 4;
  for (let y = 0; y < height; y++) flipped.set(px.subarray((height - 1 - y) * row, (height - y) * row), y * row);
  let binary = '';
  for (let i = 0; i < flipped.length; i += 0x8000) binary += String.fromCharCode(...flipped.subarray(i, i + 0x8000));
  return { width, height, rgba: btoa(binary) };
}
