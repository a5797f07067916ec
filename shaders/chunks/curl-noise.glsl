// A divergence-free flow field: the curl of a vector potential made of a few travelling sine waves.
// Analytic (no finite differences), so it costs a handful of sin/cos per particle, which matters at a
// million particles on a software rasteriser; divergence-free, so particles swirl without bunching up.
// Output is roughly in [-1, 1] per axis.

// One octave: potential A = (sin(p.y*f + t1) , sin(p.z*f + t2), sin(p.x*f + t3)) * amplitude, rotated per
// octave by `phase`. curl A = (dAz/dy - dAy/dz, dAx/dz - dAz/dx, dAy/dx - dAx/dy).
vec3 curlOctave(vec3 p, float f, vec3 phase) {
  vec3 q = p * f + phase;
  // A = (sin(q.y) * cos(q.z), sin(q.z) * cos(q.x), sin(q.x) * cos(q.y))
  vec3 s = sin(q);
  vec3 c = cos(q);
  // Partial derivatives (times f) of each component.
  float dAx_dy = c.y * c.z;
  float dAx_dz = -s.y * s.z;
  float dAy_dz = c.z * c.x;
  float dAy_dx = -s.z * s.x;
  float dAz_dx = c.x * c.y;
  float dAz_dy = -s.x * s.y;
  return vec3(dAz_dy - dAy_dz, dAx_dz - dAz_dx, dAy_dx - dAx_dy) * 0.5;
}

// Flow at p (metres) and time t (seconds): two octaves drifting at different speeds.
vec3 curlNoise(vec3 p, float t) {
  vec3 v = curlOctave(p, 1.7, vec3(0.31 * t, 0.23 * t + 1.3, 0.17 * t + 2.9));
  // Second octave on cyclically permuted axes, permuted back (.yzx undoes .zxy), which keeps it divergence-free.
  v += 0.5 * curlOctave(p.zxy, 4.3, vec3(-0.41 * t + 4.1, 0.37 * t, -0.29 * t + 0.7)).yzx;
  return v;
}
