// The named shapes, as closed-form functions of a particle's index within its row and its hash values.
// Rule the particle budget relies on: the first k particles of a row cover its shape evenly for every k
// (a display that draws fewer particles keeps whole shapes, only sparser). So shapes are parameterised by
// the R2 low-discrepancy sequence of the index (Roberts 2018), in 32-bit fixed point so that it is exact
// at any index, rather than by index / count.
// Requires: hash.glsl. Sizes are relative to the row's extent (metres); the result is an offset from the
// row's centre, y up.

// Shape ids come from SHAPE_IDS and SHAPE_MODEL in src/scene/particles/gpu-contract.ts, as defines.
#ifndef SHAPE_MODEL
#error SHAPE_MODEL and the other shape ids must be defined by the material (sculptureDefines in src/scene/particles/gpu-contract.ts)
#endif
#define TAU 6.28318530718

// Model shapes: surface samples of glTF meshes, one texture line of MODEL_SAMPLES points per model,
// normalised to a unit box around the origin (see src/scene/particles/model-samples.ts).
uniform highp sampler2D uModels;
uniform int uModelSamples;

// R2 sequence of index i, shifted by the row's seed so rows do not share a pattern.
vec2 lowDiscrepancy(uint i, uint seed) {
  uint u = i * 3242174889u + seed;
  uint v = i * 2447445417u + seed * 2654435761u;
  return vec2(unitOf(u), unitOf(v));
}

// Tilts a flat shape (ring, ribbon) about x, 0.5-1.3 rad to either side (from seed bits 24-31), so that
// it shows its face rather than its edge and rows of the same shape do not look stamped out. Upright
// shapes (helix, vase) stay upright.
vec3 tilted(vec3 p, uint seed) {
  float k = float((seed >> 25u) & 0x7fu) * (1.0 / 127.0);
  float a = ((seed & 0x1000000u) != 0u ? -1.0 : 1.0) * (0.5 + 0.8 * k);
  float c = cos(a), s = sin(a);
  return vec3(p.x, c * p.y - s * p.z, s * p.y + c * p.z);
}

// `h` is three more independent uniforms of the particle.
vec3 shapePoint(int shape, uint index, uint seed, vec3 h, float extent) {
  vec2 uv = lowDiscrepancy(index, seed);
  float r = 0.5 * extent;
  vec3 p;
  if (shape == SHAPE_SPHERE) {
    // A shell, slightly thick, densest at its surface.
    float z = 2.0 * uv.y - 1.0;
    float s = sqrt(max(0.0, 1.0 - z * z));
    float a = TAU * uv.x;
    p = vec3(s * cos(a), z, s * sin(a)) * r * (1.0 - 0.08 * h.x * h.x);
  } else if (shape == SHAPE_RING) {
    // A torus: major radius r, tube 0.16 r, tilted by the seed.
    float a = TAU * uv.x;
    float b = TAU * uv.y;
    float tube = 0.16 * r * sqrt(h.x);
    p = vec3((r + tube * cos(b)) * cos(a), tube * sin(b), (r + tube * cos(b)) * sin(a));
    p = tilted(p, seed);
  } else if (shape == SHAPE_HELIX) {
    // A double spiral with rungs: 2.5 turns over 1.5 extents of height.
    float s = uv.x;
    float strand = h.x < 0.5 ? 0.0 : 3.14159265;
    float a = s * TAU * 2.5 + strand;
    float rad = 0.55 * r;
    if (h.y < 0.12) {
      // Rungs between the strands, every tenth of a turn.
      float sr = (floor(s * 25.0) + 0.5) / 25.0;
      float ar = sr * TAU * 2.5;
      float k = 2.0 * uv.y - 1.0;
      p = vec3(rad * k * cos(ar), (sr - 0.5) * 1.5 * extent, rad * k * sin(ar));
    } else {
      float jitter = 0.06 * r * (uv.y - 0.5);
      p = vec3((rad + jitter) * cos(a), (s - 0.5) * 1.5 * extent, (rad + jitter) * sin(a));
    }
  } else if (shape == SHAPE_VASE) {
    // A lathe of a vessel profile: foot, belly, neck and a flared lip; height 1.4 extents.
    float s = uv.x;
    float belly = sin(3.14159265 * clamp(s * 1.15, 0.0, 1.0));
    float prof = 0.16 + 0.5 * belly * belly * (1.0 - 0.45 * s) + 0.28 * smoothstep(0.82, 1.0, s);
    float a = TAU * uv.y;
    p = vec3(prof * r * cos(a), (s - 0.45) * 1.4 * extent, prof * r * sin(a));
  } else if (shape == SHAPE_RIBBON) {
    // A Moebius band: a loop whose width turns half a turn around it.
    float a = TAU * uv.x;
    float w = (uv.y - 0.5) * 0.6 * r;
    vec3 radial = vec3(cos(a), 0.0, sin(a));
    vec3 across = cos(0.5 * a) * radial + sin(0.5 * a) * vec3(0.0, 1.0, 0.0);
    p = radial * r * 0.9 + across * w;
    p = tilted(p, seed);
  } else if (shape == SHAPE_CLOUD) {
    // A soft volume, denser at the centre.
    p = ballPoint(uv.x, uv.y, h.x * h.x) * r * 1.1;
  } else {
    int slot = shape - SHAPE_MODEL;
    int i = int(index % uint(uModelSamples));
    p = texelFetch(uModels, ivec2(i, slot), 0).xyz * extent;
    // Repeats of the same sample spread a little, so more particles than samples still fill the surface.
    p += (h - 0.5) * 0.015 * extent * float(index >= uint(uModelSamples));
  }
  return p;
}
