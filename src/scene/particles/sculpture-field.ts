import {
  AdditiveBlending, BufferGeometry, DataTexture, Float32BufferAttribute, FloatType, GLSL3, NearestFilter, Points,
  RGBAFormat, SRGBColorSpace, ShaderMaterial, Sphere, Vector3, Vector4, type Camera, type IUniform, type WebGLRenderer,
} from 'three';
import type { EncodedSculpture } from '../../core/encode.ts';
import { MAX_BURSTS } from '../../core/show.ts';
import type { ShowFrame } from '../frame.ts';
import { apportion, buildParticleAttributes, drawCount } from './particle-attributes.ts';
import { buildRowTexture } from './row-texture.ts';
import { createFrameUniformValues, MAX_TINTS, writeFrameUniforms } from './frame-uniforms.ts';
import { SCULPTURE_SHADER } from './shaders.ts';
import { MODEL_SAMPLES } from './model-samples.ts';

export interface SculptureFieldOptions {
  /** Particles to build, shared among rows in proportion to their counts. Default: the sculpture's own
   * count (the sum of its rows' counts). The display's budget then draws a prefix of them. */
  readonly particles?: number;
  /** Surface samples of loaded models by file name (xyz triples, MODEL_SAMPLES points each). Rows whose
   * model is missing show a sphere. */
  readonly models?: ReadonlyMap<string, Float32Array>;
}

export interface SculptureField {
  /** One Points object: one draw call for the whole sculpture. */
  readonly object: Points;
  /** Particles built (the most it can draw). */
  readonly particles: number;
  /** Sets this frame's uniforms and draw range. O(active events). */
  update(frame: ShowFrame): void;
  dispose(): void;
}

/**
 * A sculpture as GPU particles: static attributes and a row texture built here, once; positions computed by
 * the vertex shader from them and the uniforms `update` sets. Call `dispose` when the sculpture goes (a new
 * installation version builds new fields).
 */
export function createSculptureField(sculpture: EncodedSculpture, options: SculptureFieldOptions = {}): SculptureField {
  const weights = sculpture.rows.map((r) => r.count);
  const target = options.particles ?? sculpture.particles;
  const attributes = buildParticleAttributes(target === sculpture.particles ? weights : apportion(weights, target));

  const geometry = new BufferGeometry();
  geometry.setAttribute('particle', new Float32BufferAttribute(attributes.particle, 2));
  geometry.setDrawRange(0, attributes.count);
  // No position attribute: the shader places particles, so bounds are those of the rows, padded for chaos,
  // flow and bursts (the object is never frustum-culled anyway).
  geometry.boundingSphere = boundsOf(sculpture);

  const models = [...new Set(sculpture.rows.flatMap((r) => (r.model !== undefined && options.models?.has(r.model) ? [r.model] : [])))];
  const rows = buildRowTexture(sculpture, (file) => {
    const slot = models.indexOf(file);
    return slot >= 0 ? slot : undefined;
  });
  const rowTexture = dataTexture(rows.data, rows.width, rows.height);
  const modelData = new Float32Array(MODEL_SAMPLES * 4 * Math.max(1, models.length));
  models.forEach((file, slot) => {
    const xyz = options.models?.get(file) as Float32Array;
    for (let i = 0; i < MODEL_SAMPLES; i++) {
      const j = (i % Math.floor(xyz.length / 3)) * 3;
      modelData.set([xyz[j] as number, xyz[j + 1] as number, xyz[j + 2] as number, 1], (slot * MODEL_SAMPLES + i) * 4);
    }
  });
  const modelTexture = dataTexture(modelData, MODEL_SAMPLES, Math.max(1, models.length));

  const values = createFrameUniformValues();
  const uniforms: Record<string, IUniform> = {
    uRows: { value: rowTexture },
    uRowsWidth: { value: rows.width },
    uModels: { value: modelTexture },
    uModelSamples: { value: MODEL_SAMPLES },
    uTime: { value: 0 },
    uForm: { value: 1 },
    uShapeFrom: { value: -1 },
    uShapeTo: { value: -1 },
    uMorph: { value: 1 },
    uAgitation: { value: 1 },
    uBrightness: { value: 1 },
    uGlitch: { value: 0 },
    uPointScale: { value: 300 },
    uOutputSrgb: { value: 1 },
    uBurstCount: { value: 0 },
    uBurstOrigin: { value: values.burstOrigin },
    uBurstWave: { value: values.burstWave },
    uBurstColor: { value: values.burstColor },
    uTintCount: { value: 0 },
    uTint: { value: values.tint },
    uTintRow: { value: values.tintRow },
  };
  const material = new ShaderMaterial({
    name: `meshwork-sculpture-${sculpture.id}`,
    glslVersion: GLSL3,
    defines: { MAX_BURSTS, MAX_TINTS },
    uniforms,
    vertexShader: SCULPTURE_SHADER.vertex,
    fragmentShader: SCULPTURE_SHADER.fragment,
    transparent: true,
    depthWrite: false,
    blending: AdditiveBlending,
  });

  const object = new Points(geometry, material);
  object.name = `sculpture:${sculpture.id}`;
  object.frustumCulled = false;
  // Picking by position makes no sense for shader-placed particles (and three's would read `position`).
  object.raycast = () => {};
  const viewport = new Vector4();
  // Point sizes are in metres: the pixels per metre depend on the camera and viewport of each render
  // (each eye in XR), known only here.
  object.onBeforeRender = (renderer: WebGLRenderer, _scene, camera: Camera) => {
    renderer.getCurrentViewport(viewport);
    const target = renderer.getRenderTarget();
    uniforms.uOutputSrgb!.value = (target ? target.texture.colorSpace : renderer.outputColorSpace) === SRGBColorSpace ? 1 : 0;
    uniforms.uPointScale!.value = (camera.projectionMatrix.elements[5] as number) * viewport.w * renderer.getPixelRatio() * 0.5;
  };

  return {
    object,
    particles: attributes.count,
    update(frame: ShowFrame) {
      const state = frame.state;
      writeFrameUniforms(state, sculpture.id, values);
      uniforms.uTime!.value = values.time;
      uniforms.uForm!.value = values.form;
      uniforms.uShapeFrom!.value = values.shapeFrom;
      uniforms.uShapeTo!.value = values.shapeTo;
      uniforms.uMorph!.value = values.morph;
      uniforms.uAgitation!.value = values.agitation;
      uniforms.uBrightness!.value = values.brightness;
      uniforms.uGlitch!.value = values.glitch;
      uniforms.uBurstCount!.value = values.burstCount;
      uniforms.uTintCount!.value = values.tintCount;
      let all = 0;
      for (const s of state.sculptures) all += s.particles;
      const share = drawCount(sculpture.particles, all, frame.budget);
      // The budget is in the installation's particles; this field may hold more or fewer (options.particles).
      geometry.setDrawRange(0, Math.min(attributes.count, Math.round((share / Math.max(1, sculpture.particles)) * attributes.count)));
    },
    dispose() {
      geometry.dispose();
      material.dispose();
      rowTexture.dispose();
      modelTexture.dispose();
    },
  };
}

function dataTexture(data: Float32Array, width: number, height: number): DataTexture {
  const t = new DataTexture(data, width, height, RGBAFormat, FloatType);
  t.minFilter = NearestFilter;
  t.magFilter = NearestFilter;
  t.generateMipmaps = false;
  t.needsUpdate = true;
  return t;
}

function boundsOf(sculpture: EncodedSculpture): Sphere {
  const c = new Vector3();
  for (const r of sculpture.rows) c.add(new Vector3(...r.position));
  if (sculpture.rows.length) c.divideScalar(sculpture.rows.length);
  let radius = 0;
  for (const r of sculpture.rows) radius = Math.max(radius, c.distanceTo(new Vector3(...r.position)) + 2 + 2 * r.extent);
  return new Sphere(c, radius);
}
