// A sculpture's particles. Each particle's position is a closed-form function of its static attributes
// (row, index within the row), its row's data (uRows), the show time and a small block of uniforms set
// once per frame from ShowState: nothing is integrated frame to frame, so every screen computes the same
// picture at the same t, and the CPU does no per-particle work.
//
// Position = chaos <-> form (look.form), where form morphs between the previous and the next phase's
// shapes (morph.progress), + flow (curl noise x row agitation x look.agitation), + burst waves, + glitch.

#include <hash>
#include <rows>
#include <curl-noise>
#include <shapes>
#include <bursts>
#include <glitch>
#include <color>

// x: row, y: index of the particle within its row.
in vec2 particle;

uniform float uTime;
// look.form: 0 chaos (a loose cloud) .. 1 the shape.
uniform float uForm;
// Shape overrides of the phases before and after the morph (SHAPE_OF_ROW: the row's own shape).
uniform int uShapeFrom;
uniform int uShapeTo;
// morph.progress, eased 0..1.
uniform float uMorph;
uniform float uAgitation;
uniform float uBrightness;
uniform float uGlitch;
// This render's part of the whole view (a wall's tile): x, y from the bottom-left, width, height, 0..1.
uniform vec4 uViewTile;
// Pixels per metre at 1 m from the camera: projection[1][1] * viewport height in pixels / 2.
uniform float uPointScale;

#ifndef MAX_TINTS
#error MAX_TINTS must be defined by the material (sculptureDefines in src/scene/particles/gpu-contract.ts)
#endif
uniform int uTintCount;
uniform vec4 uTint[MAX_TINTS];
uniform float uTintRow[MAX_TINTS];

// The particle's colour times its opacity, encoded for the output colour space (sRGB on screens) here
// rather than per fragment: the soft edge then falls off in encoded values, which looks the same.
out vec3 vColor;

mat3 spinY(float a) {
  float c = cos(a), s = sin(a);
  return mat3(c, 0.0, -s, 0.0, 1.0, 0.0, s, 0.0, c);
}

void main() {
  int rowIndex = int(particle.x + 0.5);
  uint index = uint(particle.y + 0.5);
  Row row = fetchRow(rowIndex);
  // The particle's own uniforms, 16 bits each, from two hashes.
  uint id = hashU(index * 0x9e3779b9u + row.seed);
  uint id2 = hashU(id);
  vec2 h01 = unitsOf(id);
  vec2 h23 = unitsOf(id2);
  vec3 h = vec3(h01, h23.x);

  // The shape, morphing between the phases' shapes. Rows keep their own shape when a phase sets none.
  int shapeTo = uShapeTo != SHAPE_OF_ROW ? uShapeTo : row.shape;
  vec3 form = shapePoint(shapeTo, index, row.seed, h, row.extent);
  if (uMorph < 1.0) {
    int shapeFrom = uShapeFrom != SHAPE_OF_ROW ? uShapeFrom : row.shape;
    if (shapeFrom != shapeTo) form = mix(shapePoint(shapeFrom, index, row.seed, h, row.extent), form, uMorph);
  }
  // Every sculpture turns slowly on its own axis, at a speed of its own.
  form = spinY(row.spinPhase + uTime * row.spinSpeed) * form;

  // Chaos: a wide cloud around the row (1.5 m + extent across), churned harder by the flow below.
  vec3 local = form;
  float churn = 0.0;
  if (uForm < 1.0) {
    vec3 ball = ballPoint(h.y, h.z, h23.y) * (0.75 + 1.2 * row.extent);
    local = mix(ball, form, uForm);
    churn = 0.35 * (1.0 - uForm);
  }

  // One evaluation of the flow field serves both the agitation and the chaos's churn: it is the
  // costliest part of the shader.
  vec3 p = row.centre + local;
  float agitation = row.agitation * uAgitation;
  p += curlNoise(p * 0.9, uTime * (0.4 + 0.3 * agitation)) * (0.05 + 0.22 * agitation + churn);

  float glow;
  vec3 burstTint;
  p = applyBursts(p, glow, burstTint);

  vec3 color = row.color;
  for (int i = 0; i < MAX_TINTS; i++) {
    if (i >= uTintCount) break;
    if (int(uTintRow[i] + 0.5) == rowIndex) color = mix(color, uTint[i].rgb, uTint[i].a);
  }
  color = color + burstTint * 0.8;
  // Chaos spreads particles wide, where clouds of neighbouring rows overlap: dimmer, so they do not
  // merge into white.
  float alpha = (0.55 + 0.45 * h.x) * mix(0.45, 1.0, uForm);
  // A faint shimmer: each particle breathes at its own pace.
  alpha *= 0.8 + 0.2 * sin(uTime * (0.6 + 1.7 * h.z) + TAU * h.y);

  int channel = -1;
  if (uGlitch > 0.0) {
    uint id3 = hashU(id2);
    vec2 h45 = unitsOf(id3);
    p = glitchLoose(p, id3, h45.x, uTime, uGlitch);
    alpha *= glitchFlicker(uint(rowIndex), uTime, uGlitch);
    if (h.z < uGlitch * 0.6) {
      channel = int(h45.y * 3.0);
      vec3 mask = vec3(equal(ivec3(channel), ivec3(0, 1, 2)));
      color = mask * (0.6 + 1.2 * dot(color, vec3(0.33)));
    }
  }

  vec4 mv = modelViewMatrix * vec4(p, 1.0);
  vec4 clip = projectionMatrix * mv;
  if (uGlitch > 0.0) clip = glitchClip(clip, channel, uTime, uGlitch, uViewTile);
  gl_Position = clip;

  // Size in pixels from metres; under 1.5 px a point would shimmer in and out of pixels, so it stays
  // 1.5 px and gives up brightness instead (the same light spread over what it would have covered).
  float px = row.size * (1.0 + 0.8 * glow) * uPointScale / max(0.05, -mv.z);
  float shown = max(px, 1.5);
  gl_PointSize = min(shown, 48.0);
  alpha *= clamp(px * px / (shown * shown), 0.15, 1.0);

  vColor = encodeOutput(color * uBrightness * (1.0 + 1.5 * glow) * clamp(alpha, 0.0, 1.0));
}
