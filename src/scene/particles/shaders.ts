import hash from '../../../shaders/chunks/hash.glsl?raw';
import rows from '../../../shaders/chunks/rows.glsl?raw';
import curlNoise from '../../../shaders/chunks/curl-noise.glsl?raw';
import shapes from '../../../shaders/chunks/shapes.glsl?raw';
import bursts from '../../../shaders/chunks/bursts.glsl?raw';
import glitch from '../../../shaders/chunks/glitch.glsl?raw';
import color from '../../../shaders/chunks/color.glsl?raw';
import sculptureVert from '../../../shaders/particles/sculpture.vert.glsl?raw';
import sculptureFrag from '../../../shaders/particles/sculpture.frag.glsl?raw';
import { resolveIncludes, type ShaderChunks } from './shader-includes.ts';

/** Every chunk a particle shader may include, by the name used in `#include <name>`. */
export const PARTICLE_CHUNKS: ShaderChunks = {
  hash,
  rows,
  'curl-noise': curlNoise,
  shapes,
  bursts,
  glitch,
  color,
};

/** The sculpture shaders with their includes expanded (three adds the version line, precision and the
 * matrices). */
export const SCULPTURE_SHADER = {
  vertex: resolveIncludes(sculptureVert, PARTICLE_CHUNKS, 'shaders/particles/sculpture.vert.glsl'),
  fragment: resolveIncludes(sculptureFrag, PARTICLE_CHUNKS, 'shaders/particles/sculpture.frag.glsl'),
} as const;
