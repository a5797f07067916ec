import hash from '../../../shaders/chunks/hash.glsl?raw';
import rows from '../../../shaders/chunks/rows.glsl?raw';
import curlNoise from '../../../shaders/chunks/curl-noise.glsl?raw';
import shapes from '../../../shaders/chunks/shapes.glsl?raw';
import bursts from '../../../shaders/chunks/bursts.glsl?raw';
import glitch from '../../../shaders/chunks/glitch.glsl?raw';
import color from '../../../shaders/chunks/color.glsl?raw';
import sculptureVert from '../../../shaders/particles/sculpture.vert.glsl?raw';
import sculptureFrag from '../../../shaders/particles/sculpture.frag.glsl?raw';
import warpVert from '../../../shaders/warp/warp.vert.glsl?raw';
import warpFrag from '../../../shaders/warp/warp.frag.glsl?raw';
import backdropVert from '../../../shaders/backdrop/backdrop.vert.glsl?raw';
import backdropFrag from '../../../shaders/backdrop/backdrop.frag.glsl?raw';
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

/** The projection wall's final pass (src/scene/WarpPass.tsx). It includes no chunk of ours; tone mapping and
 * the output encoding are three's, so that the pass follows the renderer's settings. */
export const WARP_SHADER = {
  vertex: resolveIncludes(warpVert, PARTICLE_CHUNKS, 'shaders/warp/warp.vert.glsl'),
  fragment: resolveIncludes(warpFrag, PARTICLE_CHUNKS, 'shaders/warp/warp.frag.glsl', { three: ['tonemapping_fragment', 'colorspace_fragment'] }),
} as const;

/** The soft backdrop behind a story or caption (src/scene/StoryBackdrop.ts). */
export const BACKDROP_SHADER = {
  vertex: resolveIncludes(backdropVert, PARTICLE_CHUNKS, 'shaders/backdrop/backdrop.vert.glsl'),
  fragment: resolveIncludes(backdropFrag, PARTICLE_CHUNKS, 'shaders/backdrop/backdrop.frag.glsl'),
} as const;
