import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { cardProgramSamples } from './text-card.ts';

export interface CompileAheadProps {
  /** Told once every program of the scene (and of the cards and legends still to come) is compiled. */
  readonly onCompiled: () => void;
  /** True once the canvas draws (its frameloop let go): the first frame is asked for then. */
  readonly compiled: boolean;
}

/**
 * Compiles the scene's programs before the canvas draws its first frame, with KHR_parallel_shader_compile
 * where the browser has it (three's compileAsync): the GPU process compiles while the page goes on loading
 * its fonts and syncing its clock, instead of the first frame stopping the page at the first use of each
 * program. The programs of the story cards and legends are compiled with them (cardProgramSamples), so the
 * first card does not stop a later frame. The canvas holds its frameloop at 'never' until `onCompiled`.
 *
 * Measured on a killed wall opened again (`npm run bench -- wall`): on SwiftShader, a frame that meets a
 * program not yet linked waits for it, and so does the next call that must ask the GPU process anything
 * (a canvas resize: WebGLRenderer.setSize took 12 s of the main thread at load 25).
 */
export function CompileAhead({ onCompiled, compiled }: CompileAheadProps) {
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
    // A program that fails to compile is reported by its first frame (three's shader error) as before.
    gl.compileAsync(scene, camera).then(done, done);
    return () => {
      live = false;
      scene.remove(...samples.objects);
      // Kept until the canvas goes: three releases a program when the last material using it is disposed.
      samples.dispose();
    };
    // Once per canvas: a new canvas (a rebuilt context) mounts a new CompileAhead.
  }, [gl, scene]);
  useEffect(() => {
    if (compiled) invalidate();
  }, [compiled, invalidate]);
  return null;
}
