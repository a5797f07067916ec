import { createRoot } from 'react-dom/client';
import { advance, Canvas } from '@react-three/fiber';
import { useEffect } from 'react';
import { EventLog } from '../../core/event-log.ts';
import { showAt } from '../../core/show.ts';
import type { ShowFrame } from '../../scene/frame.ts';
import { Sculptures } from '../../scene/particles/Sculptures.tsx';
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
}

/**
 * The demo's sculptures in an R3F canvas that renders only when asked (frameloop "never"): render(t) shows
 * the Rite at t, so a test can look at any moment without waiting for it.
 */
export function mountScene(el: HTMLElement): Promise<{ render(t: number): SceneInfo }> {
  const installation = demoInstallation();
  const log = EventLog.from(demoEvents());
  let frame: ShowFrame = { state: showAt(installation, log, 0), budget: Infinity };
  const camera = installation.spec.displays.desktop.camera;
  return new Promise((resolve) => {
    let gl: WebGL2RenderingContext | null = null;
    let info: { render: { calls: number; points: number } } | null = null;
    function Ready() {
      useEffect(() => {
        resolve({
          render(t: number) {
            frame = { state: showAt(installation, log, t), budget: Infinity };
            // Twice: the first frame after a new version rebuilds the fields, the second draws them.
            advance(t * 1000);
            advance(t * 1000 + 1);
            const s = frame.state;
            return {
              t, phase: s.phase.id, glitch: s.glitch, bursts: s.bursts.length,
              glError: gl ? gl.getError() : -1,
              drawCalls: info?.render.calls ?? 0,
              points: info?.render.points ?? 0,
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
