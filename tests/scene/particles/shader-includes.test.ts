import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import vertexRaw from '../../../shaders/particles/sculpture.vert.glsl?raw';
import hashRaw from '../../../shaders/chunks/hash.glsl?raw';
import { resolveIncludes, ShaderIncludeError } from '../../../src/scene/particles/shader-includes.ts';
import { PARTICLE_CHUNKS, SCULPTURE_SHADER, WARP_SHADER } from '../../../src/scene/particles/shaders.ts';

const CHUNK_DIR = new URL('../../../shaders/chunks/', import.meta.url);

describe('GLSL files imported with ?raw', () => {
  it("resolve in vitest to the files' text", () => {
    expect(vertexRaw).toBe(readFileSync(new URL('../../../shaders/particles/sculpture.vert.glsl', import.meta.url), 'utf8'));
    expect(hashRaw).toContain('uint hashU(uint v)');
  });

  it('register every chunk file under its file name', () => {
    const files = readdirSync(CHUNK_DIR)
      .filter((f) => f.endsWith('.glsl'))
      .map((f) => f.replace(/\.glsl$/, ''));
    expect(Object.keys(PARTICLE_CHUNKS).sort()).toEqual(files.sort());
    for (const name of files) expect(PARTICLE_CHUNKS[name]).toBe(readFileSync(new URL(`${name}.glsl`, CHUNK_DIR), 'utf8'));
  });

  it('expand the sculpture shaders completely, each chunk once', () => {
    for (const source of [SCULPTURE_SHADER.vertex, SCULPTURE_SHADER.fragment]) expect(source).not.toMatch(/^\s*#include/m);
    expect(SCULPTURE_SHADER.vertex.match(/uint hashU\(uint v\)/g)).toHaveLength(1);
    expect(SCULPTURE_SHADER.vertex).toContain('vec3 curlNoise(vec3 p, float t)');
    expect(SCULPTURE_SHADER.vertex).toContain('void main()');
    expect(SCULPTURE_SHADER.vertex).toContain('vec3 encodeOutput(vec3 linear)');
    expect(SCULPTURE_SHADER.fragment).toContain('gl_PointCoord');
  });
});

describe('resolveIncludes', () => {
  const chunks = { a: 'float a;\n#include <b>', b: 'float b;', c: '#include <d>', d: '#include <c>' };

  it('replaces includes recursively and includes a chunk only once', () => {
    const out = resolveIncludes('#include <a>\n#include <b>\nvoid main() {}', chunks);
    expect(out.match(/float b;/g)).toHaveLength(1);
    expect(out.indexOf('float a;')).toBeLessThan(out.indexOf('float b;'));
    expect(out).toContain('// <b> already included');
    expect(out).toContain('void main() {}');
  });

  it('leaves text that is not an include line alone', () => {
    const src = 'float x; // #include <a> in a comment is not a directive\n';
    expect(resolveIncludes(src, chunks)).toBe(src);
  });

  it('names a missing chunk, the shader that asked for it and the known chunks', () => {
    expect(() => resolveIncludes('#include <nope>', chunks, 'shaders/x.glsl')).toThrow(ShaderIncludeError);
    expect(() => resolveIncludes('#include <nope>', chunks, 'shaders/x.glsl')).toThrow(
      /shaders\/x\.glsl includes <nope>, which is not a known chunk; known chunks: a, b, c, d/,
    );
    expect(() => resolveIncludes('#include <a>', { a: '#include <zz>' })).toThrow(/chunk <a> includes <zz>/);
  });

  it('refuses a cycle and shows it', () => {
    expect(() => resolveIncludes('#include <c>', chunks)).toThrow(/c -> d -> c/);
  });

  it('does not take names from the object prototype', () => {
    expect(() => resolveIncludes('#include <constructor>', chunks)).toThrow(/not a known chunk/);
  });

  it('leaves the include lines of the three chunks it is told about for three, and still refuses others', () => {
    const src = '#include <a>\n  #include <colorspace_fragment>\nvoid main() {}';
    const out = resolveIncludes(src, chunks, 'shaders/w.glsl', { three: ['colorspace_fragment'] });
    expect(out).toContain('float a;');
    expect(out).toMatch(/^  #include <colorspace_fragment>$/m);
    expect(() => resolveIncludes('#include <tonemapping_fragment>', chunks, 'shaders/w.glsl', { three: ['colorspace_fragment'] })).toThrow(
      /shaders\/w\.glsl includes <tonemapping_fragment>, which is not a known chunk/,
    );
  });
});

describe('the warp pass shaders', () => {
  it("come from shaders/warp/ and keep only three's tone mapping and output encoding includes", () => {
    // Nothing of ours to expand: the resolved shaders are the files as they are.
    expect(WARP_SHADER.fragment).toBe(readFileSync(new URL('../../../shaders/warp/warp.frag.glsl', import.meta.url), 'utf8'));
    expect(WARP_SHADER.vertex).toBe(readFileSync(new URL('../../../shaders/warp/warp.vert.glsl', import.meta.url), 'utf8'));
    expect([...WARP_SHADER.fragment.matchAll(/#include <([\w-]+)>/g)].map((m) => m[1])).toEqual(['tonemapping_fragment', 'colorspace_fragment']);
    expect(WARP_SHADER.vertex).not.toMatch(/#include/);
  });
});
