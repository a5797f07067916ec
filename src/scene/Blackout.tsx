import { useFrame } from '@react-three/fiber';
import { useMemo } from 'react';
import { ShaderMaterial } from 'three';
import vertexShader from '../../shaders/stage/blackout.vert.glsl?raw';
import fragmentShader from '../../shaders/stage/blackout.frag.glsl?raw';
import type { GetFrame } from './frame.ts';

/** Drawn after everything else in the scene (stories included). */
const LAST = 1_000_000;

/**
 * The operator's blackout on a screen: black over the whole view by `state.blackout` (src/core/stage.ts),
 * so every wall, tile and headset eye goes black together, a screen joining late too. Invisible (not
 * drawn) while the level is 0. Reads the frame; changes nothing else.
 */
export function Blackout({ getFrame }: { readonly getFrame: GetFrame }) {
  const { material, amount } = useMemo(() => {
    const amount = { value: 0 };
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: { uAmount: amount },
      transparent: true,
      depthTest: false,
      depthWrite: false,
      toneMapped: false,
    });
    return { material, amount };
  }, []);
  useFrame(() => {
    amount.value = getFrame().state.blackout;
    material.visible = amount.value > 0;
  });
  return (
    <mesh frustumCulled={false} renderOrder={LAST} material={material}>
      <planeGeometry args={[2, 2]} />
    </mesh>
  );
}
