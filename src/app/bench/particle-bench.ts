import {
  AdditiveBlending,
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  Float32BufferAttribute,
  PerspectiveCamera,
  Points,
  Scene,
  ShaderMaterial,
  WebGLRenderer,
} from 'three';
import { EventLog } from '../../core/event-log.ts';
import { showAt, type ShowState } from '../../core/show.ts';
import { createRandom } from '../../core/random.ts';
import { createSculptureField } from '../../scene/particles/sculpture-field.ts';
import { demoEvents, demoInstallation, DEMO_TIMES } from './demo-show.ts';

/** The three ways of drawing N particles that the benchmark compares. */
export type BenchKind = 'meshwork' | 'floor' | 'naive';

export interface BenchCase {
  readonly particles: number;
  readonly warmup: number;
  readonly frames: number;
  /** Canvas size in pixels. Default 640 x 360. */
  readonly width?: number;
  readonly height?: number;
  /** Variants to measure. Default: all three. */
  readonly kinds?: readonly BenchKind[];
}

export interface BenchResult {
  readonly kind: BenchKind;
  readonly particles: number;
  /** Median JS time of a frame: updating (uniforms, or positions for naive) and the render call. */
  readonly jsMs: number;
  /** Median time of a whole frame, GPU included: JS, then a 1-pixel readPixels that waits for the GPU. */
  readonly frameMs: number;
  readonly drawCalls: number;
  readonly glErrors: number;
}

interface Variant {
  readonly kind: BenchKind;
  readonly scene: Scene;
  update(i: number): void;
  dispose(): void;
}

// Trivial shaders for the baselines: a fixed-size point of one colour, positions as given.
const TRIVIAL_VERTEX = `void main() { gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0); gl_PointSize = 2.0; }`;
const TRIVIAL_FRAGMENT = `void main() { gl_FragColor = vec4(0.35, 0.3, 0.25, 1.0); }`;

/**
 * The particle benchmark, in the page: each case builds its scene, renders `warmup` frames, then times
 * `frames` frames of the demo's glitch (glitch and story bursts active), and disposes everything.
 */
export function createParticleBench(el: HTMLElement) {
  const width = 640;
  const height = 360;
  const renderer = new WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
  renderer.setPixelRatio(1);
  renderer.setSize(width, height);
  el.appendChild(renderer.domElement);
  const gl = renderer.getContext();
  const pixel = new Uint8Array(4);
  const installation = demoInstallation();
  const log = EventLog.from(demoEvents());
  const cam = installation.spec.displays.desktop.camera;
  const camera = new PerspectiveCamera(cam.fov, width / height, 0.05, 100);
  camera.position.set(...cam.position);
  camera.lookAt(...cam.target);
  const sculpture = installation.spec.sculptures[0]?.id;

  // The states of the frames, computed before timing: showAt has its own benchmark (`bench show`).
  const frameT = (i: number) => DEMO_TIMES.glitch - 1 + i / 60;
  const statesFor = (n: number): ShowState[] => Array.from({ length: n }, (_, i) => showAt(installation, log, frameT(i)));

  function variant(kind: BenchKind, n: number, states: readonly ShowState[]): Variant {
    const scene = new Scene();
    scene.background = new Color('#030306');
    if (kind === 'meshwork') {
      const encoded = states[0]?.sculptures.find((s) => s.id === sculpture);
      if (!encoded) throw new Error('the demo has no sculpture');
      const field = createSculptureField(encoded, { particles: n });
      scene.add(field.object);
      return { kind, scene, update: (i) => field.update({ state: states[i] as ShowState, budget: Infinity }), dispose: field.dispose };
    }
    const positions = ringPositions(n);
    const geometry = new BufferGeometry();
    const attribute = new Float32BufferAttribute(positions.slice(), 3);
    if (kind === 'naive') attribute.setUsage(DynamicDrawUsage);
    geometry.setAttribute('position', attribute);
    const material = new ShaderMaterial({
      vertexShader: TRIVIAL_VERTEX,
      fragmentShader: TRIVIAL_FRAGMENT,
      transparent: true,
      depthWrite: false,
      blending: AdditiveBlending,
    });
    const points = new Points(geometry, material);
    points.frustumCulled = false;
    scene.add(points);
    const update =
      kind === 'naive'
        ? (i: number) => {
            // What a CPU particle system does: move every particle in JavaScript, then upload them all.
            const t = (states[i] as ShowState).t;
            const out = attribute.array as Float32Array;
            for (let k = 0; k < out.length; k += 3) {
              const x = positions[k] as number;
              const y = positions[k + 1] as number;
              const z = positions[k + 2] as number;
              out[k] = x + 0.1 * Math.sin(1.7 * y + 0.31 * t);
              out[k + 1] = y + 0.1 * Math.sin(1.7 * z + 0.23 * t);
              out[k + 2] = z + 0.1 * Math.sin(1.7 * x + 0.17 * t);
            }
            attribute.needsUpdate = true;
          }
        : () => {};
    return {
      kind,
      scene,
      update,
      dispose: () => {
        geometry.dispose();
        material.dispose();
      },
    };
  }

  /** Measures every variant at N particles. Frames of the variants alternate (in a rotating order), so
   * that load from elsewhere on a shared machine falls on all of them alike. */
  function run(c: BenchCase): BenchResult[] {
    const w = c.width ?? width;
    const h = c.height ?? height;
    renderer.setSize(w, h);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    const states = statesFor(c.warmup + c.frames);
    const variants = (c.kinds ?? (['floor', 'meshwork', 'naive'] as const)).map((k) => variant(k, c.particles, states));
    const js = variants.map(() => [] as number[]);
    const frame = variants.map(() => [] as number[]);
    const glErrors = variants.map(() => 0);
    const drawCalls = variants.map(() => 0);
    for (let i = 0; i < c.warmup + c.frames; i++) {
      for (let k = 0; k < variants.length; k++) {
        const v = (i + k) % variants.length;
        const variant = variants[v] as Variant;
        const t0 = performance.now();
        variant.update(i);
        renderer.render(variant.scene, camera);
        const t1 = performance.now();
        gl.readPixels(w >> 1, h >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
        const t2 = performance.now();
        if (gl.getError() !== gl.NO_ERROR) glErrors[v]! += 1;
        drawCalls[v] = renderer.info.render.calls;
        if (i >= c.warmup) {
          js[v]!.push(t1 - t0);
          frame[v]!.push(t2 - t0);
        }
      }
    }
    variants.forEach((v) => v.dispose());
    return variants.map((v, i) => ({
      kind: v.kind,
      particles: c.particles,
      jsMs: median(js[i] as number[]),
      frameMs: median(frame[i] as number[]),
      drawCalls: drawCalls[i] as number,
      glErrors: glErrors[i] as number,
    }));
  }

  return { run, renderer: renderer.info.render };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** n points spread over the demo's ring of sculptures (radius 4.5 m at 1.3 m height), seeded. */
function ringPositions(n: number): Float32Array {
  const rnd = createRandom(n);
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rnd.range(0, 2 * Math.PI);
    const r = 4.5 + rnd.range(-0.5, 0.5);
    out[i * 3] = r * Math.sin(a);
    out[i * 3 + 1] = 1.3 + rnd.range(-0.6, 0.6);
    out[i * 3 + 2] = -r * Math.cos(a);
  }
  return out;
}
