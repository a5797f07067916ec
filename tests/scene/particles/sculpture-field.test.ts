import { describe, expect, it } from 'vitest';
import { PerspectiveCamera, Vector4, BoxGeometry, BufferGeometry, Float32BufferAttribute, Group, Mesh, SphereGeometry, type BufferAttribute } from 'three';
import { EventLog } from '../../../src/core/event-log.ts';
import { showAt, MAX_BURSTS } from '../../../src/core/show.ts';
import type { ShowEvent } from '../../../src/core/events.ts';
import { createSculptureField, MAX_UNIFORM_ROWS, setViewTile } from '../../../src/scene/particles/sculpture-field.ts';
import { ROW_BLOCK } from '../../../src/scene/particles/particle-attributes.ts';
import { buildRowTexture } from '../../../src/scene/particles/row-texture.ts';
import { ROW_TEXELS, SHAPE_IDS, SHAPE_MODEL } from '../../../src/scene/particles/gpu-contract.ts';
import { createFrameUniformValues, writeFrameUniforms } from '../../../src/scene/particles/frame-uniforms.ts';
import { loadModelSamples, sampleSurface } from '../../../src/scene/particles/model-samples.ts';
import { glbOf } from '../../fixtures/glb.ts';
import { demoEvents, demoInstallation, DEMO_TIMES } from '../../../src/app/bench/demo-show.ts';

const installation = demoInstallation();
const log = EventLog.from(demoEvents());
const at = (t: number) => showAt(installation, log, t);
const sculpture = at(0).sculptures[0]!;

describe('createSculptureField', () => {
  it("builds one Points with the sculpture's particles, or the number asked for, spread over every row", () => {
    const field = createSculptureField(sculpture);
    expect(field.particles).toBe(sculpture.particles);
    expect(field.object.geometry.getAttribute('particle').count).toBe(sculpture.particles);
    field.dispose();
    const big = createSculptureField(sculpture, { particles: 1_000_000 });
    expect(big.particles).toBe(1_000_000);
    // The first 1% of the buffer (a display with a 10k budget) holds 1% of every row, within a block.
    const a = big.object.geometry.getAttribute('particle').array as Float32Array;
    const seen = sculpture.rows.map(() => 0);
    for (let j = 0; j < 10_000; j++) seen[a[2 * j] as number]! += 1;
    const rowCounts = seen.map(() => 0);
    for (let j = 0; j < 1_000_000; j++) rowCounts[a[2 * j] as number]! += 1;
    seen.forEach((n, r) => expect(Math.abs(n - (rowCounts[r] as number) / 100)).toBeLessThanOrEqual(ROW_BLOCK));
    expect(Math.min(...seen)).toBeGreaterThan(0);
    big.dispose();
  });

  it('sets only uniforms and the draw range per frame: the particle attribute is never touched again', () => {
    const field = createSculptureField(sculpture);
    const attribute = field.object.geometry.getAttribute('particle') as BufferAttribute;
    const version = attribute.version;
    const u = (field.object.material as unknown as { uniforms: Record<string, { value: unknown }> }).uniforms;
    field.update({ state: at(DEMO_TIMES.glitch), budget: Infinity });
    expect(u.uGlitch!.value).toBeCloseTo(0.85);
    expect(u.uTime!.value).toBe(DEMO_TIMES.glitch);
    expect(u.uBurstCount!.value).toBeGreaterThan(0);
    expect(field.object.geometry.drawRange.count).toBe(sculpture.particles);
    field.update({ state: at(DEMO_TIMES.resilience), budget: 30_000 });
    expect(u.uGlitch!.value).toBe(0);
    expect(u.uShapeTo!.value).toBe(SHAPE_IDS.helix);
    expect(u.uBrightness!.value).toBeCloseTo(1.3);
    expect(field.object.geometry.drawRange.count).toBe(30_000);
    expect(attribute.version).toBe(version);
    field.dispose();
  });

  it("passes a few rows' data as a uniform array and many through the row texture", () => {
    const few = createSculptureField(sculpture);
    const material = (f: typeof few) => f.object.material as unknown as { defines: Record<string, unknown>; uniforms: Record<string, { value: unknown }> };
    expect(material(few).defines.ROW_UNIFORM_TEXELS).toBe(sculpture.rows.length * ROW_TEXELS);
    expect((material(few).uniforms.uRowData!.value as Float32Array).length).toBe(sculpture.rows.length * ROW_TEXELS * 4);
    const rows = Array.from({ length: MAX_UNIFORM_ROWS + 1 }, (_, i) => ({ ...sculpture.rows[i % sculpture.rows.length]!, index: i }));
    const many = createSculptureField({ ...sculpture, rows, particles: rows.reduce((a, r) => a + r.count, 0) });
    expect(material(many).defines.ROW_UNIFORM_TEXELS).toBeUndefined();
    few.dispose();
    many.dispose();
  });

  it('is deterministic: the same sculpture builds the same attributes and row texture', () => {
    const a = createSculptureField(sculpture);
    const b = createSculptureField(sculpture);
    const bytes = (f: typeof a) => Buffer.from((f.object.geometry.getAttribute('particle').array as Float32Array).buffer);
    expect(bytes(a).equals(bytes(b))).toBe(true);
    // The demo's few rows travel as the uniform array (the row texture's first texels).
    const tex = (f: typeof a) => (f.object.material as unknown as { uniforms: { uRowData: { value: Float32Array } } }).uniforms.uRowData.value;
    expect(tex(a)).toEqual(tex(b));
    a.dispose();
    b.dispose();
  });
});

describe('the row texture', () => {
  it('holds centre, extent, colour (linear), size, agitation, shape, the seed in 16-bit halves', () => {
    const t = buildRowTexture(sculpture);
    expect(t.width * t.height).toBeGreaterThanOrEqual(sculpture.rows.length * ROW_TEXELS);
    sculpture.rows.forEach((row, i) => {
      const o = i * ROW_TEXELS * 4;
      expect([...t.data.subarray(o, o + 4)]).toEqual([row.position[0], row.position[1], row.position[2], row.extent].map(Math.fround));
      expect(t.data[o + 7]).toBeCloseTo(row.size, 6);
      expect(t.data[o + 8]).toBeCloseTo(row.agitation, 6);
      expect(t.data[o + 9]).toBe(row.shape === 'model' ? SHAPE_IDS.sphere : SHAPE_IDS[row.shape]);
      expect(((t.data[o + 10] as number) * 65536 + (t.data[o + 11] as number)) >>> 0).toBe(row.seed);
    });
    // #4e79a7 (tableau10's first) in linear light: 0x4e/255 = 0.306 -> 0.0762
    expect(t.data[4]).toBeCloseTo(0.0762, 3);
  });

  it('gives a model row its slot once the model is loaded, a sphere before', () => {
    const modelRow = { ...sculpture.rows[0]!, shape: 'model' as const, model: 'chair.glb' };
    const s = { ...sculpture, rows: [modelRow] };
    expect(buildRowTexture(s).data[9]).toBe(SHAPE_IDS.sphere);
    expect(buildRowTexture(s, (f) => (f === 'chair.glb' ? 2 : undefined)).data[9]).toBe(SHAPE_MODEL + 2);
  });
});

describe('frame uniforms', () => {
  it('carry the look, the morph and at most MAX_BURSTS bursts of this sculpture', () => {
    const out = createFrameUniformValues();
    const s = at(DEMO_TIMES.glitch);
    writeFrameUniforms(s, sculpture.id, out);
    expect(out.burstCount).toBe(s.bursts.length);
    expect(out.burstWave[0]).toBe(s.bursts[0]!.age);
    expect(out.form).toBe(s.look.form);
    writeFrameUniforms(s, 'another-sculpture', out);
    expect(out.burstCount).toBe(s.bursts.filter((b) => b.sculpture === null).length);
    expect(out.tintCount).toBe(0);
  });

  it('keep the newest MAX_BURSTS when the room is busy', () => {
    const reactions: ShowEvent[] = Array.from({ length: 40 }, (_, i) => ({ type: 'reaction', kind: 'heart', seq: i + 1, t: 10 + i * 0.01 }) as ShowEvent);
    const out = createFrameUniformValues();
    writeFrameUniforms(showAt(installation, reactions, 10.5), sculpture.id, out);
    expect(out.burstCount).toBe(MAX_BURSTS);
  });

  it('tint the rows that stories are about', () => {
    const out = createFrameUniformValues();
    const s = at(DEMO_TIMES.resilience);
    writeFrameUniforms(s, sculpture.id, out);
    expect(out.tintCount).toBe(s.tints.length);
    expect(out.tintCount).toBeGreaterThan(0);
    expect(out.tintRow[0]).toBe(s.tints[0]!.row);
  });
});

describe('model surface samples', () => {
  it('lie on the surface, normalised to a unit box around the origin, the same every time', () => {
    const root = new Group();
    const box = new Mesh(new BoxGeometry(2, 4, 2));
    box.position.set(10, 0, 0);
    root.add(box);
    const a = sampleSurface(root, 'box.glb', 2000);
    expect(a).toEqual(sampleSurface(root, 'box.glb', 2000));
    expect(a).not.toEqual(sampleSurface(root, 'other.glb', 2000));
    for (let i = 0; i < 2000; i++) {
      const [x, y, z] = [a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!];
      // A 2x4x2 box scaled to height 1: faces at x, z = +-0.25 and y = +-0.5.
      const onFace = Math.abs(Math.abs(x) - 0.25) < 1e-5 || Math.abs(Math.abs(z) - 0.25) < 1e-5 || Math.abs(Math.abs(y) - 0.5) < 1e-5;
      expect(onFace).toBe(true);
    }
  });

  it('say what is wrong with a model that has no surface', () => {
    expect(() => sampleSurface(new Group(), 'empty.glb')).toThrow(/empty\.glb has no mesh/);
    const flat = new Mesh(new SphereGeometry(0, 4, 4));
    expect(() => sampleSurface(flat, 'dot.glb')).toThrow(/dot\.glb has no surface area/);
  });

  it('load from a .glb file and sample its surface', async () => {
    // A tetrahedron with its right angle at the origin.
    const glb = glbOf([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);
    const url = `data:model/gltf-binary;base64,${Buffer.from(glb).toString('base64')}`;
    const samples = await loadModelSamples(url, 'tetra.glb', 500);
    expect(samples).toHaveLength(1500);
    // The same points as sampling the same mesh built by hand: the loader reads the file faithfully.
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], 3));
    geometry.setIndex([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);
    expect(samples).toEqual(sampleSurface(new Mesh(geometry), 'tetra.glb', 500));
    await expect(loadModelSamples('data:model/gltf-binary;base64,AAAA', 'broken.glb')).rejects.toThrow(
      /could not load model broken\.glb .*export it again as glTF 2\.0/,
    );
  });
});

describe('the view tile the glitch lays its bands on', () => {
  it("is the whole view without a tile, and the tile's rectangle (from the bottom-left) with one", () => {
    const camera = new PerspectiveCamera(50, 2, 0.1, 100);
    expect(setViewTile(new Vector4(), camera).toArray()).toEqual([0, 0, 1, 1]);
    // The top-right quarter of a 1920x1080 wall built from four projectors.
    camera.setViewOffset(1920, 1080, 960, 0, 960, 540);
    expect(setViewTile(new Vector4(), camera).toArray()).toEqual([0.5, 0.5, 0.5, 0.5]);
    camera.setViewOffset(1920, 1080, 0, 540, 960, 540);
    expect(setViewTile(new Vector4(), camera).toArray()).toEqual([0, 0, 0.5, 0.5]);
    camera.clearViewOffset();
    expect(setViewTile(new Vector4(), camera).toArray()).toEqual([0, 0, 1, 1]);
  });
});
