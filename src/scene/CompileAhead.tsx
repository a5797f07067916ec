import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { cardProgramSamples } from './text-card.ts';
import { createPassTarget, createWarpQuad } from './WarpPass.tsx';

export interface CompileAheadProps {
  /** Told once every program of the scene (and of the cards and legends still to come) is compiled. */
  readonly onCompiled: () => void;
  /** True once the canvas draws (its frameloop let go): the first frame is asked for then. */
  readonly compiled: boolean;
  /** True when the canvas draws through WarpPass (a corner pin or soft edges): the scene is drawn into a
   * render target, whose programs differ from the screen's (three keys them by the output's colour space and
   * tone mapping), and the pass's quad onto the screen. Read when the canvas mounts. Default false. */
  readonly throughPass?: boolean;
}

/**
 * Compiles the scene's programs before the canvas draws its first frame, with KHR_parallel_shader_compile
 * where the browser has it (three's compileAsync): the GPU process compiles while the page goes on loading
 * its fonts and syncing its clock, instead of the first frame stopping the page at the first use of each
 * program. The programs of the story cards and legends are compiled with them (cardProgramSamples), so the
 * first card does not stop a later frame; on a wall with a corner pin or soft edges, those for the pass's
 * render target and its quad (throughPass). The canvas holds its frameloop at 'never' until `onCompiled`.
 *
 * Measured on a killed wall opened again (`npm run bench -- wall`): on SwiftShader, a frame that meets a
 * program not yet linked waits for it, and so does the next call that must ask the GPU process anything
 * (a canvas resize: WebGLRenderer.setSize took 12 s of the main thread at load 25).
 */
export function CompileAhead({ onCompiled, compiled, throughPass = false }: CompileAheadProps) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    let live = true;
    const samples = cardProgramSamples();
    scene.add(...samples.objects);
    const done = () => {
      scene.remove(...samples.objects);
      if (live) onCompiled();
    };
    // Through a target like the pass's: compile builds every program synchronously, for the render target
    // set at the time, before its promise waits for the links.
    const target = throughPass ? createPassTarget() : undefined;
    const quad = target ? createWarpQuad(target.texture) : undefined;
    const before = gl.getRenderTarget();
    if (target) gl.setRenderTarget(target);
    const compiling = [gl.compileAsync(scene, camera)];
    gl.setRenderTarget(before);
    if (quad) compiling.push(gl.compileAsync(quad.scene, quad.camera));
    // A program that fails to compile is reported by its first frame (three's shader error) as before.
    Promise.all(compiling).then(done, done);
    return () => {
      live = false;
      scene.remove(...samples.objects);
      // Kept until the canvas goes: three releases a program when the last material using it is disposed.
      samples.dispose();
      quad?.dispose();
      target?.dispose();
    };
    // Once per canvas: a new canvas (a rebuilt context) mounts a new CompileAhead.
  }, [gl, scene]);
  useEffect(() => {
    if (compiled) invalidate();
  }, [compiled, invalidate]);
  return null;
}
