// A divergence-free flow field: the curl of a vector potential made of a few travelling sine waves.
// Analytic (no finite differences), so it costs a handful of sin/cos per particle, which matters at a
// million particles on a software rasteriser; divergence-free, so particles swirl without bunching up.
// Output is roughly in [-1, 1] per axis.

// sin of each component, as a refined parabola (error about 0.001): a flow field needs smooth waves, not
// exact sines, and a software rasteriser evaluates real sin/cos as long polynomials after a range
// reduction, which made the flow the costliest part of the vertex shader.
vec3 waveSin(vec3 q) {
  vec3 t = fract(q * 0.15915494309 + 0.5) * 2.0 - 1.0; // q / 2pi, wrapped to [-1, 1): the angle / pi
  vec3 y = 4.0 * t * (1.0 - abs(t));
  y = 0.225 * (y * abs(y) - y) + y;
  return y;
}

// One octave: potential A = (sin(p.y*f + t1) , sin(p.z*f + t2), sin(p.x*f + t3)) * amplitude, rotated per
// octave by `phase`. curl A = (dAz/dy - dAy/dz, dAx/dz - dAz/dx, dAy/dx - dAx/dy).
vec3 curlOctave(vec3 p, float f, vec3 phase) {
  vec3 q = p * f + phase;
  // A = (sin(q.y) * cos(q.z), sin(q.z) * cos(q.x), sin(q.x) * cos(q.y))
  vec3 s = waveSin(q);
  vec3 c = waveSin(q + 1.57079632679);
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
