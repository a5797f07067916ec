import { Box3, BufferGeometry, Mesh, Vector3, type Object3D } from 'three';
import { MeshSurfaceSampler } from 'three/examples/jsm/math/MeshSurfaceSampler.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { createRandom, seedOf } from '../../core/random.ts';

/** Surface samples per model: one line of the models texture (the shader repeats them, jittered, when a
 * row has more particles). */
export const MODEL_SAMPLES = 4096;

/**
 * Points sampled once on the surface of every mesh in `root`, in proportion to area, normalised so that the
 * model's largest side is 1 and its centre is at the origin. Seeded by the file name: every screen samples
 * the same points. Returns xyz triples.
 */
export function sampleSurface(root: Object3D, file: string, samples = MODEL_SAMPLES): Float32Array {
  root.updateMatrixWorld(true);
  const meshes: Mesh[] = [];
  root.traverse((o) => {
    if ((o as Mesh).isMesh && (o as Mesh).geometry instanceof BufferGeometry) meshes.push(o as Mesh);
  });
  if (meshes.length === 0) throw new Error(`model ${file} has no mesh to place particles on: export it with at least one mesh`);
  // Each mesh in world space, so a scene of several parts keeps its arrangement.
  const baked = meshes.map((m) => new Mesh((m.geometry.index ? m.geometry.toNonIndexed() : m.geometry.clone()).applyMatrix4(m.matrixWorld)));
  const areas = baked.map((m) => surfaceArea(m.geometry));
  const total = areas.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error(`model ${file} has no surface area (only points or lines?): particles need triangles`);
  const random = createRandom(seedOf('model', file));
  const out = new Float32Array(samples * 3);
  const p = new Vector3();
  let j = 0;
  baked.forEach((mesh, i) => {
    const share = i === baked.length - 1 ? samples - j : Math.round(((areas[i] as number) / total) * samples);
    // three's sampler draws from Math.random unless given a generator; @types/three omits the setter.
    const sampler = (new MeshSurfaceSampler(mesh) as SeededSampler).setRandomGenerator(random.next).build();
    for (let k = 0; k < share && j < samples; k++, j++) {
      sampler.sample(p);
      out.set([p.x, p.y, p.z], j * 3);
    }
    mesh.geometry.dispose();
  });
  const box = new Box3();
  for (let i = 0; i < samples; i++) box.expandByPoint(p.fromArray(out, i * 3));
  const centre = box.getCenter(new Vector3());
  const size = box.getSize(new Vector3());
  const scale = 1 / Math.max(size.x, size.y, size.z, 1e-6);
  for (let i = 0; i < samples * 3; i++) out[i] = ((out[i] as number) - centre.getComponent(i % 3)) * scale;
  return out;
}

type SeededSampler = MeshSurfaceSampler & { setRandomGenerator(random: () => number): MeshSurfaceSampler };

function surfaceArea(g: BufferGeometry): number {
  const pos = g.getAttribute('position');
  if (!pos) return 0;
  const index = g.getIndex();
  const n = index ? index.count : pos.count;
  const a = new Vector3();
  const b = new Vector3();
  const c = new Vector3();
  let area = 0;
  for (let i = 0; i + 2 < n; i += 3) {
    const at = (k: number) => (index ? index.getX(k) : k);
    a.fromBufferAttribute(pos, at(i));
    b.fromBufferAttribute(pos, at(i + 1));
    c.fromBufferAttribute(pos, at(i + 2));
    area += b.sub(a).cross(c.sub(a)).length() / 2;
  }
  return area;
}

/** Loads a glTF model (.glb, or .gltf with its files beside it) and samples its surface. Errors name the
 * file and say what went wrong (HTTP status, or the parser's complaint). */
export async function loadModelSamples(url: string, file: string, samples = MODEL_SAMPLES): Promise<Float32Array> {
  const fail = (why: string) => new Error(`could not load model ${file} from ${url}: ${why}`);
  const response = await fetch(url).catch((e: unknown) => {
    throw fail(e instanceof Error ? e.message : String(e));
  });
  if (!response.ok) throw fail(`HTTP ${response.status}; is the file beside installation.yaml?`);
  const data = await response.arrayBuffer();
  const base = url.startsWith('data:') ? '' : url.slice(0, url.lastIndexOf('/') + 1);
  const gltf = await new GLTFLoader().parseAsync(data, base).catch((e: unknown) => {
    throw fail(`${e instanceof Error ? e.message : String(e)}; export it again as glTF 2.0 (.glb)`);
  });
  return sampleSurface(gltf.scene, file, samples);
}
