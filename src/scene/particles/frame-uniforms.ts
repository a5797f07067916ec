import type { ShowState } from '../../core/show.ts';
import { MAX_BURSTS } from '../../core/show.ts';
import { toLinear } from './row-texture.ts';
import { MAX_TINTS, SHAPE_IDS, SHAPE_OF_ROW } from './gpu-contract.ts';

/** The uniforms a frame sets: a few numbers plus O(active events) arrays, the same for any particle count. */
export interface FrameUniformValues {
  time: number;
  form: number;
  shapeFrom: number;
  shapeTo: number;
  morph: number;
  agitation: number;
  brightness: number;
  glitch: number;
  burstCount: number;
  /** MAX_BURSTS x (x, y, z, strength) */
  readonly burstOrigin: Float32Array;
  /** MAX_BURSTS x (age, envelope) */
  readonly burstWave: Float32Array;
  /** MAX_BURSTS x linear rgb */
  readonly burstColor: Float32Array;
  tintCount: number;
  /** MAX_TINTS x linear rgb + amount */
  readonly tint: Float32Array;
  readonly tintRow: Float32Array;
}

export function createFrameUniformValues(): FrameUniformValues {
  return {
    time: 0,
    form: 1,
    shapeFrom: SHAPE_OF_ROW,
    shapeTo: SHAPE_OF_ROW,
    morph: 1,
    agitation: 1,
    brightness: 1,
    glitch: 0,
    burstCount: 0,
    burstOrigin: new Float32Array(MAX_BURSTS * 4),
    burstWave: new Float32Array(MAX_BURSTS * 2),
    burstColor: new Float32Array(MAX_BURSTS * 3),
    tintCount: 0,
    tint: new Float32Array(MAX_TINTS * 4),
    tintRow: new Float32Array(MAX_TINTS),
  };
}

/**
 * Writes a frame's state into `out` for the sculpture `sculptureId`, allocating nothing. Bursts attached to
 * another sculpture are skipped (a burst with no sculpture, e.g. a reaction in the room's centre, moves
 * them all). Cost: O(bursts + tints), never O(particles).
 */
export function writeFrameUniforms(state: ShowState, sculptureId: string, out: FrameUniformValues): void {
  // Running time, not t: the flow goes on from where a hold froze it (ShowState.running).
  out.time = state.running;
  out.form = state.look.form;
  out.shapeFrom = state.morph.from.shape === null ? SHAPE_OF_ROW : SHAPE_IDS[state.morph.from.shape];
  out.shapeTo = state.morph.to.shape === null ? SHAPE_OF_ROW : SHAPE_IDS[state.morph.to.shape];
  out.morph = state.morph.progress;
  out.agitation = state.look.agitation;
  out.brightness = state.look.brightness;
  out.glitch = state.glitch;
  let b = 0;
  for (const burst of state.bursts) {
    if (b >= MAX_BURSTS) break;
    if (burst.sculpture !== null && burst.sculpture !== sculptureId) continue;
    writeVec(out.burstOrigin, b * 4, burst.origin[0], burst.origin[1], burst.origin[2], burst.strength);
    out.burstWave[b * 2] = burst.age;
    out.burstWave[b * 2 + 1] = burst.envelope;
    writeVec3(out.burstColor, b * 3, toLinear(burst.color[0]), toLinear(burst.color[1]), toLinear(burst.color[2]));
    b++;
  }
  out.burstCount = b;
  let k = 0;
  for (const tint of state.tints) {
    if (k >= MAX_TINTS) break;
    if (tint.sculpture !== sculptureId) continue;
    writeVec(out.tint, k * 4, toLinear(tint.color[0]), toLinear(tint.color[1]), toLinear(tint.color[2]), tint.amount);
    out.tintRow[k] = tint.row;
    k++;
  }
  out.tintCount = k;
}

function writeVec3(out: Float32Array, at: number, x: number, y: number, z: number): void {
  out[at] = x;
  out[at + 1] = y;
  out[at + 2] = z;
}

function writeVec(out: Float32Array, at: number, x: number, y: number, z: number, w: number): void {
  writeVec3(out, at, x, y, z);
  out[at + 3] = w;
}
