import { createRoot } from 'react-dom/client';
import { advance, Canvas } from '@react-three/fiber';
import { useEffect } from 'react';
import { Scene, type Camera, type Points, type ShaderMaterial, type WebGLRenderer } from 'three';
import { EventLog } from '../../core/event-log.ts';
import { showAt } from '../../core/show.ts';
import type { ShowFrame } from '../../scene/frame.ts';
import { Sculptures } from '../../scene/particles/Sculptures.tsx';
import { createSculptureField } from '../../scene/particles/sculpture-field.ts';
import type { EncodedRow, EncodedSculpture } from '../../core/encode.ts';
import { demoEvents, demoInstallation } from './demo-show.ts';

export interface SceneInfo {
  readonly t: number;
  readonly phase: string;
  readonly glitch: number;
  readonly bursts: number;
  /** gl.getError() after the frame (0: none). */
  readonly glError: number;
  readonly drawCalls: number;
  readonly points: number;
  readonly pixels: PixelStats;
  readonly version: string;
  /** Names and ids of the Points objects in the scene. */
  readonly objects: readonly string[];
}

function builtFor(scene: Scene, version: string): boolean {
  let ok = true;
  scene.traverse((o) => {
    if ((o as Points).isPoints && o.userData.version !== version) ok = false;
  });
  return ok;
}

function pointsIn(scene: Scene): string[] {
  const out: string[] = [];
  scene.traverse((o) => {
    if ((o as Points).isPoints) out.push(`${o.name}#${o.id}`);
  });
  return out;
}

/** What a test needs to judge a frame without decoding screenshots. */
export interface PixelStats {
  readonly width: number;
  readonly height: number;
  /** Share of pixels brighter than the background (any channel above 24 of 255). */
  readonly lit: number;
  /** Mean of r, g, b over the frame, 0..255. */
  readonly mean: readonly [number, number, number];
  /** The frame averaged down to THUMB_W x THUMB_H cells, r g b per cell, 0..255, rows from the bottom. */
  readonly thumb: readonly number[];
}

export const THUMB_W = 48;
export const THUMB_H = 27;

function pixelStats(gl: WebGL2RenderingContext): PixelStats {
  const width = gl.drawingBufferWidth;
  const height = gl.drawingBufferHeight;
  const px = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let lit = 0;
  const mean = new Float64Array(3);
  const thumb = new Float64Array(THUMB_W * THUMB_H * 3);
  const cells = new Float64Array(THUMB_W * THUMB_H);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = px[i] as number;
      const g = px[i + 1] as number;
      const b = px[i + 2] as number;
      if (r > 24 || g > 24 || b > 24) lit++;
      mean[0]! += r;
      mean[1]! += g;
      mean[2]! += b;
      const c = Math.floor((y * THUMB_H) / height) * THUMB_W + Math.floor((x * THUMB_W) / width);
      thumb[3 * c]! += r;
      thumb[3 * c + 1]! += g;
      thumb[3 * c + 2]! += b;
      cells[c]! += 1;
    }
  }
  const n = width * height;
  return {
    width,
    height,
    lit: lit / n,
    mean: [mean[0]! / n, mean[1]! / n, mean[2]! / n],
    thumb: Array.from(thumb, (v, i) => v / Math.max(1, cells[Math.floor(i / 3)] as number)),
  };
}

/**
 * The demo's sculptures in an R3F canvas that renders only when asked (frameloop "never"): render(t) shows
 * the Rite at t, so a test can look at any moment without waiting for it.
 */
export interface ScenePage {
  /** Renders the show at t (seconds) and reports on the frame. */
  render(t: number): Promise<SceneInfo>;
  /** Appends a live edit at t to the log: the demo with resilience's helices turned into vases. */
  liveEdit(t: number): void;
  /** Draws, at t, the demo's rows repeated to `rows` rows (past MAX_UNIFORM_ROWS their data goes through
   * the row texture instead of uniforms), outside React; reports GL errors and lit pixels. */
  renderRows(rows: number, t: number): { glError: number; rowTexture: boolean; lit: number };
}

export function mountScene(el: HTMLElement): Promise<ScenePage> {
  const installation = demoInstallation();
  const log = EventLog.from(demoEvents());
  let frame: ShowFrame = { state: showAt(installation, log, 0), budget: Infinity };
  const camera = installation.spec.displays.desktop.camera;
  return new Promise((resolve) => {
    let gl: WebGL2RenderingContext | null = null;
    let info: { render: { calls: number; points: number } } | null = null;
    let scene: Scene | null = null;
    let renderer: WebGLRenderer | null = null;
    let camera3: Camera | null = null;
    function Ready() {
      useEffect(() => {
        resolve({
          liveEdit(t: number) {
            log.append({ type: 'installation', installation: demoInstallation({ 'shape: helix': 'shape: vase' }), seq: log.lastSeq + 1, t });
          },
          renderRows(rows: number, t: number) {
            if (!renderer || !scene || !camera3) throw new Error('the canvas is not ready');
            const state = showAt(installation, log, t);
            const base = state.sculptures[0] as EncodedSculpture;
            const many: EncodedSculpture = {
              id: base.id,
              rows: Array.from({ length: rows }, (_, i) => ({ ...(base.rows[i % base.rows.length] as EncodedRow), index: i, count: 400 })),
              particles: rows * 400,
            };
            const field = createSculptureField(many);
            const own = new Scene();
            own.add(field.object);
            field.update({ state, budget: Infinity });
            renderer.render(own, camera3);
            const glError = gl ? gl.getError() : -1;
            const lit = gl ? pixelStats(gl).lit : 0;
            const rowTexture = !('ROW_UNIFORM_TEXELS' in (field.object.material as ShaderMaterial).defines);
            field.dispose();
            return { glError, rowTexture, lit };
          },
          async render(t: number) {
            frame = { state: showAt(installation, log, t), budget: Infinity };
            // After a new version, the first frame asks React to rebuild the fields; once React has
            // committed them (each Points carries the version it was built for), the next frame draws them.
            advance(t * 1000);
            for (let i = 0; i < 200 && scene && !builtFor(scene, frame.state.version); i++) {
              await new Promise((r) => setTimeout(r, 5));
            }
            advance(t * 1000 + 1);
            const s = frame.state;
            const glError = gl ? gl.getError() : -1;
            return {
              t,
              phase: s.phase.id,
              glitch: s.glitch,
              bursts: s.bursts.length,
              glError,
              drawCalls: info?.render.calls ?? 0,
              points: info?.render.points ?? 0,
              pixels: gl ? pixelStats(gl) : { width: 0, height: 0, lit: 0, mean: [0, 0, 0], thumb: [] },
              version: s.version,
              objects: scene ? pointsIn(scene) : [],
            };
          },
        });
      }, []);
      return null;
    }
    createRoot(el).render(
      <Canvas
        frameloop="never"
        dpr={1}
        gl={{ antialias: false, preserveDrawingBuffer: true }}
        camera={{ position: [...camera.position], fov: camera.fov, near: 0.05, far: 100 }}
        onCreated={(state) => {
          gl = state.gl.getContext() as WebGL2RenderingContext;
          info = state.gl.info;
          scene = state.scene;
          renderer = state.gl;
          camera3 = state.camera;
          state.camera.lookAt(...camera.target);
          state.scene.background = null;
        }}
      >
        <color attach="background" args={['#030306']} />
        <Sculptures getFrame={() => frame} />
        <Ready />
      </Canvas>,
    );
  });
}
