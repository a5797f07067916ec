import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import {
  HalfFloatType,
  Matrix3,
  Mesh,
  OrthographicCamera,
  PlaneGeometry,
  Scene,
  ShaderMaterial,
  Vector4,
  WebGLRenderTarget,
  type IUniform,
  type Texture,
} from 'three';
import { IDENTITY_QUAD, invert3, squareToQuad, type Blend, type Quad } from './warp.ts';
import type { UniformSpec } from './particles/gpu-contract.ts';
import { WARP_SHADER } from './particles/shaders.ts';

export interface WarpPassProps {
  /** Where the image's corners go on the output (0..1, y up): bottom-left, bottom-right, top-right, top-left. */
  readonly warp?: Quad;
  readonly blend?: Blend;
  /** Draws a calibration grid over the image (warped with it). */
  readonly grid?: boolean;
}

/** The uniforms of the warp pass's shaders (shaders/warp/), as they are declared there; the contract test
 * (tests/scene/particles/gpu-contract.browser.test.ts) checks them against the linked program. */
export const WARP_UNIFORMS = {
  tScene: { type: 'sampler2D' },
  uInverse: { type: 'mat3' },
  /** left, right, bottom, top */
  uEdges: { type: 'vec4' },
  uGamma: { type: 'float' },
  uGrid: { type: 'float' },
} as const satisfies Readonly<Record<string, UniformSpec>>;
export type WarpUniformName = keyof typeof WARP_UNIFORMS;

/** Uniforms of the warp pass that three sets itself: tone mapping's exposure (when the renderer tone maps). */
export const THREE_WARP_UNIFORMS = {
  toneMappingExposure: { type: 'float' },
} as const satisfies Readonly<Record<string, UniformSpec>>;

export interface WarpQuad {
  /** The full-screen quad to draw through `camera`. */
  readonly scene: Scene;
  readonly camera: OrthographicCamera;
  readonly material: ShaderMaterial;
  readonly uniforms: Readonly<Record<WarpUniformName, IUniform>>;
  dispose(): void;
}

/** The texture the scene is drawn into before the pass (its programs are those of a render target: linear,
 * not tone mapped; CompileAhead compiles them through one made here too). */
export function createPassTarget(): WebGLRenderTarget {
  return new WebGLRenderTarget(1, 1, { type: HalfFloatType, depthBuffer: true });
}

/** The warp pass's full-screen quad, drawing `image` (the scene's render) through the corner pin. Plain
 * three, so tests can build and compile it without React. */
export function createWarpQuad(image: Texture): WarpQuad {
  const uniforms: Record<WarpUniformName, IUniform> = {
    tScene: { value: image },
    uInverse: { value: new Matrix3() },
    uEdges: { value: new Vector4() },
    uGamma: { value: 2.2 },
    uGrid: { value: 0 },
  };
  const material = new ShaderMaterial({
    vertexShader: WARP_SHADER.vertex,
    fragmentShader: WARP_SHADER.fragment,
    uniforms,
    depthTest: false,
    depthWrite: false,
  });
  const geometry = new PlaneGeometry(2, 2);
  const scene = new Scene();
  scene.add(new Mesh(geometry, material));
  return {
    scene,
    material,
    uniforms,
    camera: new OrthographicCamera(-1, 1, 1, -1, 0, 1),
    dispose() {
      material.dispose();
      geometry.dispose();
    },
  };
}

/**
 * The final full-screen pass of a projection wall: the scene is drawn into a texture, then onto the screen
 * through the corner pin (homography) with soft edges for projector overlap. Takes over rendering (a frame
 * callback with a positive priority), so it runs after everything else of the frame.
 */
export function WarpPass({ warp, blend, grid = false }: WarpPassProps) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const pass = useMemo(() => {
    const target = createPassTarget();
    return { target, quad: createWarpQuad(target.texture) };
  }, []);
  useEffect(
    () => () => {
      pass.target.dispose();
      pass.quad.dispose();
    },
    [pass],
  );

  useEffect(() => {
    const u = pass.quad.uniforms;
    const inv = invert3(squareToQuad(warp ?? IDENTITY_QUAD));
    (u.uInverse.value as Matrix3).set(...inv);
    (u.uEdges.value as Vector4).set(blend?.left ?? 0, blend?.right ?? 0, blend?.bottom ?? 0, blend?.top ?? 0);
    u.uGamma.value = blend?.gamma ?? 2.2;
    u.uGrid.value = grid ? 1 : 0;
  }, [pass, warp, blend, grid]);

  useFrame(() => {
    const w = gl.domElement.width;
    const h = gl.domElement.height;
    if (pass.target.width !== w || pass.target.height !== h) pass.target.setSize(w, h);
    gl.setRenderTarget(pass.target);
    gl.render(scene, camera);
    gl.setRenderTarget(null);
    gl.render(pass.quad.scene, pass.quad.camera);
  }, 1);
  return null;
}
