import {
  AdditiveBlending,
  BufferGeometry,
  DataTexture,
  Float32BufferAttribute,
  FloatType,
  GLSL3,
  NearestFilter,
  Points,
  RGBAFormat,
  SRGBColorSpace,
  ShaderMaterial,
  Sphere,
  Vector3,
  Vector4,
  type Camera,
  type IUniform,
  type WebGLRenderer,
} from 'three';
import type { EncodedSculpture } from '../../core/encode.ts';
import type { ShowFrame } from '../frame.ts';
import { apportion, buildParticleAttributes, drawCount } from './particle-attributes.ts';
import { buildRowTexture } from './row-texture.ts';
import { createFrameUniformValues, writeFrameUniforms } from './frame-uniforms.ts';
import {
  PARTICLE_ATTRIBUTE,
  ROW_TEXELS,
  rowUniformNames,
  SHAPE_OF_ROW,
  sculptureDefines,
  type RowSource,
  type RowUniformName,
  type SculptureUniformName,
} from './gpu-contract.ts';
import { SCULPTURE_SHADER } from './shaders.ts';
import { MODEL_SAMPLES } from './model-samples.ts';

/** Most rows whose data the vertex shader reads from a uniform array rather than a texture: 3 vec4 a row,
 * so 40 rows take 120 of the 256 vertex uniform vectors every WebGL2 device has (the bursts and tints
 * take about 75 more). */
export const MAX_UNIFORM_ROWS = 40;

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
  geometry.setAttribute(PARTICLE_ATTRIBUTE.name, new Float32BufferAttribute(attributes.particle, PARTICLE_ATTRIBUTE.itemSize));
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

  // Up to MAX_UNIFORM_ROWS rows go in a uniform array (see rows.glsl); the texture stays the source either way.
  const rowTexels = sculpture.rows.length * ROW_TEXELS;
  const rowSource: RowSource = sculpture.rows.length > 0 && sculpture.rows.length <= MAX_UNIFORM_ROWS ? 'uniforms' : 'texture';
  const values = createFrameUniformValues();
  // Exactly the contract's uniforms (gpu-contract.ts): a name it does not list does not compile here.
  const uniforms: Record<SculptureUniformName, IUniform> = {
    uModels: { value: modelTexture },
    uModelSamples: { value: MODEL_SAMPLES },
    uTime: { value: 0 },
    uForm: { value: 1 },
    uShapeFrom: { value: SHAPE_OF_ROW },
    uShapeTo: { value: SHAPE_OF_ROW },
    uMorph: { value: 1 },
    uAgitation: { value: 1 },
    uBrightness: { value: 1 },
    uGlitch: { value: 0 },
    uViewTile: { value: new Vector4(0, 0, 1, 1) },
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
  // Only the row source's own uniforms: the other's do not exist in the program this variant links.
  const rowUniforms: Record<RowUniformName, IUniform> = {
    uRowData: { value: rows.data.subarray(0, rowTexels * 4) },
    uRows: { value: rowTexture },
    uRowsWidth: { value: rows.width },
  };
  const material = new ShaderMaterial({
    name: `meshwork-sculpture-${sculpture.id}`,
    glslVersion: GLSL3,
    defines: { ...sculptureDefines(rowSource === 'uniforms' ? rowTexels : undefined) },
    uniforms: { ...uniforms, ...Object.fromEntries(rowUniformNames(rowSource).map((name) => [name, rowUniforms[name]])) },
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
    uniforms.uOutputSrgb.value = (target ? target.texture.colorSpace : renderer.outputColorSpace) === SRGBColorSpace ? 1 : 0;
    uniforms.uPointScale.value = (camera.projectionMatrix.elements[5] as number) * viewport.w * renderer.getPixelRatio() * 0.5;
    setViewTile(uniforms.uViewTile.value as Vector4, camera);
  };

  return {
    object,
    particles: attributes.count,
    update(frame: ShowFrame) {
      const state = frame.state;
      writeFrameUniforms(state, sculpture.id, values);
      uniforms.uTime.value = values.time;
      uniforms.uForm.value = values.form;
      uniforms.uShapeFrom.value = values.shapeFrom;
      uniforms.uShapeTo.value = values.shapeTo;
      uniforms.uMorph.value = values.morph;
      uniforms.uAgitation.value = values.agitation;
      uniforms.uBrightness.value = values.brightness;
      uniforms.uGlitch.value = values.glitch;
      uniforms.uBurstCount.value = values.burstCount;
      uniforms.uTintCount.value = values.tintCount;
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

/** The part of the whole view a camera renders (three's setViewOffset), as the shader's uViewTile: x and
 * y of its bottom-left corner, width and height, as fractions of the whole view. */
export function setViewTile(out: Vector4, camera: Camera): Vector4 {
  const view = (
    camera as Camera & {
      view?: { enabled: boolean; fullWidth: number; fullHeight: number; offsetX: number; offsetY: number; width: number; height: number } | null;
    }
  ).view;
  if (!view || !view.enabled || view.fullWidth <= 0 || view.fullHeight <= 0) return out.set(0, 0, 1, 1);
  // setViewOffset measures y from the top; the shader's NDC grows upwards.
  return out.set(view.offsetX / view.fullWidth, 1 - (view.offsetY + view.height) / view.fullHeight, view.width / view.fullWidth, view.height / view.fullHeight);
}
