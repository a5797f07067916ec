// The Molecular Governance Network glitches: at intensity g in 0..1, the picture flickers, tears into
// horizontal bands that slip sideways, splits into colour channels, and particles break loose from their
// shapes. Everything steps in time (a few "frames" of the glitch per second) rather than moving smoothly,
// and every choice is a hash of (band or particle, time step): the same on every screen at the same t.
// Requires: hash.glsl.

// Particles breaking loose: a share of them (up to a third) jumps away from where it should be. `pick`
// is the particle's own uniform in [0, 1), `id` its hash.
vec3 glitchLoose(vec3 p, uint id, float pick, float t, float g) {
  if (pick > g * 0.33) return p;
  uint h = hashU(id ^ (uint(floor(t * 8.0)) * 0x9e3779b9u));
  // Direction from 2 x 11 bits, distance from the top 10.
  float u = float(h & 0x7ffu) * (1.0 / 2048.0);
  float v = float((h >> 11u) & 0x7ffu) * (1.0 / 2048.0);
  float w = float(h >> 22u) * (1.0 / 1024.0);
  return p + ballPoint(u, v, 1.0) * (0.15 + 0.9 * w) * g;
}

// Tearing bands and the chromatic split, in clip space: returns the new clip position. `channel` is
// 0, 1 or 2 for particles that show only red, green or blue during the split, -1 for the others.
vec4 glitchClip(vec4 clip, int channel, float t, float g) {
  vec2 ndc = clip.xy / clip.w;
  uint step12 = uint(floor(t * 12.0));
  // 18 bands of the screen's height; a band slips when its hash is under the intensity.
  uint band = uint(clamp(floor((ndc.y * 0.5 + 0.5) * 18.0), 0.0, 17.0));
  vec2 hb = unitsOf(hashU(band * 0x85ebca6bu + step12 * 0x9e3779b9u + 101u));
  float slip = hb.x < g * 0.45 ? (hb.y - 0.5) * 0.35 * g : 0.0;
  // The split pushes red left and blue right (green stays).
  float split = channel < 0 ? 0.0 : float(channel - 1) * 0.018 * g;
  clip.x += (slip + split) * clip.w;
  return clip;
}

// Flicker: whole rows and the whole picture dim and flash in steps.
float glitchFlicker(uint row, float t, float g) {
  uint step15 = uint(floor(t * 15.0));
  float rowFlick = hash1(row * 0x85ebca6bu + step15 * 0x9e3779b9u + 7u) < g * 0.5 ? 0.15 : 1.0;
  float flash = hash1(step15 ^ 0x3c6ef372u) < g * 0.2 ? 2.2 : 1.0;
  return rowFlick * flash;
}
