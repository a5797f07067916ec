// Runs in Chromium (loaded by gpu-contract.browser.test.ts through Vite): builds the real materials,
// renders them with three's WebGLRenderer and reports what the linked programs declare, so that the test
// can hold them against src/scene/particles/gpu-contract.ts. Reports plain data, judged in the test.
import {
  ACESFilmicToneMapping,
  DataTexture,
  FloatType,
  OrthographicCamera,
  PerspectiveCamera,
  RGBAFormat,
  SRGBColorSpace,
  Scene,
  WebGLRenderer,
  type BufferGeometry,
  type Camera,
  type Object3D,
  type ShaderMaterial,
} from 'three';
import { EventLog } from '../../../src/core/event-log.ts';
import { showAt } from '../../../src/core/show.ts';
import type { EncodedRow, EncodedSculpture } from '../../../src/core/encode.ts';
import { createSculptureField } from '../../../src/scene/particles/sculpture-field.ts';
import { createWarpQuad } from '../../../src/scene/WarpPass.tsx';
import { demoEvents, demoInstallation, DEMO_TIMES } from '../../../src/app/bench/demo-show.ts';

export interface ActiveVariable {
  /** As GLSL declares it: arrays without their "[0]". */
  readonly name: string;
  /** The GLSL type (float, vec4, sampler2D...), or `unknown 0x...` for a type the contract does not use. */
  readonly type: string;
  /** Array length (1 for a plain variable). */
  readonly size: number;
}

export interface ProgramReport {
  readonly uniforms: readonly ActiveVariable[];
  readonly attributes: readonly ActiveVariable[];
  /** The uniforms the material sets (its `uniforms` keys). */
  readonly materialUniforms: readonly string[];
  readonly defines: Readonly<Record<string, unknown>>;
  /** The geometry's attributes and their item sizes. */
  readonly geometryAttributes: Readonly<Record<string, number>>;
  /** gl.getError() after drawing it. */
  readonly glError: number;
  /** Compile and link logs, when a shader failed. */
  readonly errors: string | null;
}

export interface ContractReport {
  readonly sculptureUniformRows: ProgramReport;
  readonly sculptureTextureRows: ProgramReport;
  readonly rowsInTexture: number;
  readonly warp: ProgramReport;
  /** For each define of the uniform-rows variant: the compile error once that define is removed (null: it
   * compiled without it). */
  readonly withoutDefine: Readonly<Record<string, string | null>>;
}

const TYPES: Readonly<Record<number, string>> = {
  0x1404: 'int',
  0x1406: 'float',
  0x8b50: 'vec2',
  0x8b51: 'vec3',
  0x8b52: 'vec4',
  0x8b5b: 'mat3',
  0x8b5c: 'mat4',
  0x8b5e: 'sampler2D',
};

function active(gl: WebGL2RenderingContext, program: WebGLProgram, kind: 'uniform' | 'attribute'): ActiveVariable[] {
  const count = gl.getProgramParameter(program, kind === 'uniform' ? gl.ACTIVE_UNIFORMS : gl.ACTIVE_ATTRIBUTES) as number;
  const out: ActiveVariable[] = [];
  for (let i = 0; i < count; i++) {
    const info = kind === 'uniform' ? gl.getActiveUniform(program, i) : gl.getActiveAttrib(program, i);
    if (!info) continue;
    out.push({ name: info.name.replace(/\[0\]$/, ''), type: TYPES[info.type] ?? `unknown 0x${info.type.toString(16)}`, size: info.size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function inspect(): Promise<ContractReport> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  document.body.appendChild(canvas);
  const renderer = new WebGLRenderer({ canvas, antialias: false });
  // As @react-three/fiber sets it up (the warp pass tone maps and encodes for the screen).
  renderer.toneMapping = ACESFilmicToneMapping;
  renderer.outputColorSpace = SRGBColorSpace;
  const gl = renderer.getContext() as WebGL2RenderingContext;
  let failure: string | null = null;
  renderer.debug.checkShaderErrors = true;
  renderer.debug.onShaderError = (ctx, program, vs, fs) => {
    failure = [ctx.getProgramInfoLog(program), ctx.getShaderInfoLog(vs), ctx.getShaderInfoLog(fs)]
      .map((s) => (s ?? '').trim())
      .filter(Boolean)
      .join('\n');
  };

  const report = (object: Object3D, camera: Camera): ProgramReport => {
    failure = null;
    const scene = new Scene();
    scene.add(object);
    renderer.render(scene, camera);
    const glError = gl.getError();
    const material = (object as Object3D & { material: ShaderMaterial }).material;
    const geometry = (object as Object3D & { geometry: BufferGeometry }).geometry;
    const program = (renderer.properties.get(material) as { currentProgram?: { program: WebGLProgram } }).currentProgram?.program;
    const geometryAttributes = Object.fromEntries(Object.entries(geometry.attributes).map(([name, a]) => [name, a.itemSize]));
    const base = { materialUniforms: Object.keys(material.uniforms).sort(), defines: { ...material.defines }, geometryAttributes, glError, errors: failure };
    if (!program || failure) return { ...base, uniforms: [], attributes: [] };
    return { ...base, uniforms: active(gl, program, 'uniform'), attributes: active(gl, program, 'attribute') };
  };

  const installation = demoInstallation();
  const state = showAt(installation, EventLog.from(demoEvents()), DEMO_TIMES.glitch);
  const sculpture = state.sculptures[0] as EncodedSculpture;
  const camera = new PerspectiveCamera(50, 1, 0.05, 100);
  camera.position.set(0, 1.6, 8);
  camera.lookAt(0, 1.4, 0);

  const few = createSculptureField(sculpture, { particles: 2000 });
  few.update({ state, budget: Infinity });
  const sculptureUniformRows = report(few.object, camera);

  const rowsInTexture = 300;
  const many: EncodedSculpture = {
    id: sculpture.id,
    rows: Array.from({ length: rowsInTexture }, (_, i) => ({ ...(sculpture.rows[i % sculpture.rows.length] as EncodedRow), index: i, count: 10 })),
    particles: rowsInTexture * 10,
  };
  const manyField = createSculptureField(many);
  manyField.update({ state, budget: Infinity });
  const sculptureTextureRows = report(manyField.object, camera);

  const withoutDefine: Record<string, string | null> = {};
  const fewMaterial = few.object.material as ShaderMaterial;
  for (const name of Object.keys(fewMaterial.defines)) {
    if (name === 'ROW_UNIFORM_TEXELS') continue; // optional by design: without it the rows come from the texture
    const material = fewMaterial.clone();
    delete material.defines[name];
    const points = few.object.clone();
    points.material = material;
    // Compiled and checked, never drawn: a program that does not link must not reach useProgram.
    failure = null;
    const scene = new Scene();
    scene.add(points);
    renderer.compile(scene, camera);
    (renderer.properties.get(material) as { currentProgram?: { getUniforms(): unknown } }).currentProgram?.getUniforms();
    withoutDefine[name] = failure;
    material.dispose();
  }
  few.dispose();
  manyField.dispose();

  const image = new DataTexture(new Float32Array(16 * 16 * 4).fill(0.5), 16, 16, RGBAFormat, FloatType);
  image.needsUpdate = true;
  const quad = createWarpQuad(image);
  const warpMesh = quad.scene.children[0] as Object3D;
  const warp = report(warpMesh, quad.camera as OrthographicCamera);
  quad.dispose();
  image.dispose();
  renderer.dispose();
  return { sculptureUniformRows, sculptureTextureRows, rowsInTexture, warp, withoutDefine };
}
