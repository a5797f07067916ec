import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { HalfFloatType, Matrix3, Mesh, OrthographicCamera, PlaneGeometry, Scene, ShaderMaterial, Vector4, WebGLRenderTarget } from 'three';
import { IDENTITY_QUAD, invert3, squareToQuad, type Blend, type Quad } from './warp.ts';

export interface WarpPassProps {
  /** Where the image's corners go on the output (0..1, y up): bottom-left, bottom-right, top-right, top-left. */
  readonly warp?: Quad;
  readonly blend?: Blend;
  /** Draws a calibration grid over the image (warped with it). */
  readonly grid?: boolean;
}

const vertexShader = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

// Per output pixel: the image position is H^-1(pixel); outside the image the projector shows black. The soft
// edges ramp the light linearly and are applied after encoding, as value = light^(1/gamma).
const fragmentShader = /* glsl */ `
uniform sampler2D tScene;
uniform mat3 uInverse;
uniform vec4 uEdges; // left, right, bottom, top
uniform float uGamma;
uniform float uGrid;
varying vec2 vUv;
float ramp(float x, float w) { return w <= 0.0 ? 1.0 : clamp(x / w, 0.0, 1.0); }
void main() {
  vec3 s = uInverse * vec3(vUv, 1.0);
  vec2 uv = s.xy / s.z;
  if (s.z <= 0.0 || uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0) {
    gl_FragColor = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  gl_FragColor = texture2D(tScene, uv);
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
  if (uGrid > 0.5) {
    vec2 cell = abs(fract(uv * 10.0 + 0.5) - 0.5) / fwidth(uv * 10.0);
    float line = 1.0 - min(min(cell.x, cell.y), 1.0);
    gl_FragColor.rgb = mix(gl_FragColor.rgb, vec3(0.3, 1.0, 0.6), line * 0.8);
  }
  float light = ramp(uv.x, uEdges.x) * ramp(1.0 - uv.x, uEdges.y) * ramp(uv.y, uEdges.z) * ramp(1.0 - uv.y, uEdges.w);
  gl_FragColor.rgb *= pow(light, 1.0 / uGamma);
  gl_FragColor.a = 1.0;
}`;

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
    const target = new WebGLRenderTarget(1, 1, { type: HalfFloatType, depthBuffer: true });
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: {
        tScene: { value: target.texture },
        uInverse: { value: new Matrix3() },
        uEdges: { value: new Vector4() },
        uGamma: { value: 2.2 },
        uGrid: { value: 0 },
      },
      depthTest: false,
      depthWrite: false,
    });
    const quad = new Scene();
    quad.add(new Mesh(new PlaneGeometry(2, 2), material));
    return { target, material, quad, camera: new OrthographicCamera(-1, 1, 1, -1, 0, 1) };
  }, []);
  useEffect(() => () => {
    pass.target.dispose();
    pass.material.dispose();
  }, [pass]);

  useEffect(() => {
    const u = pass.material.uniforms;
    const inv = invert3(squareToQuad(warp ?? IDENTITY_QUAD));
    (u.uInverse?.value as Matrix3).set(...inv);
    (u.uEdges?.value as Vector4).set(blend?.left ?? 0, blend?.right ?? 0, blend?.bottom ?? 0, blend?.top ?? 0);
    if (u.uGamma) u.uGamma.value = blend?.gamma ?? 2.2;
    if (u.uGrid) u.uGrid.value = grid ? 1 : 0;
  }, [pass, warp, blend, grid]);

  useFrame(() => {
    const w = gl.domElement.width;
    const h = gl.domElement.height;
    if (pass.target.width !== w || pass.target.height !== h) pass.target.setSize(w, h);
    gl.setRenderTarget(pass.target);
    gl.render(scene, camera);
    gl.setRenderTarget(null);
    gl.render(pass.quad, pass.camera);
  }, 1);
  return null;
}
