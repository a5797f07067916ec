// Integer hashing: the same bits on every GPU (no sin-based hashes, whose precision varies by vendor).
// Every "random" choice of a particle comes from its row's seed and its index through these.

// PCG-style permutation of 32 bits (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020).
uint hashU(uint v) {
  uint state = v * 747796405u + 2891336453u;
  uint word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

uint hashU2(uint a, uint b) {
  return hashU(a ^ hashU(b));
}

// Uniform in [0, 1), from the top 24 bits (exact in a float).
float unitOf(uint h) {
  return float(h >> 8u) * (1.0 / 16777216.0);
}

// Two uniforms in [0, 1) from one hash, 16 bits each: enough for any visual choice, and half the hashing.
vec2 unitsOf(uint h) {
  return vec2(float(h & 0xffffu), float(h >> 16u)) * (1.0 / 65536.0);
}

float hash1(uint a) {
  return unitOf(hashU(a));
}

float hash2(uint a, uint b) {
  return unitOf(hashU2(a, b));
}

// A point uniform in the unit ball from three uniforms in [0, 1).
vec3 ballPoint(float u, float v, float w) {
  float z = 2.0 * v - 1.0;
  float r = sqrt(max(0.0, 1.0 - z * z));
  float a = 6.28318530718 * u;
  return vec3(r * cos(a), z, r * sin(a)) * pow(w, 1.0 / 3.0);
}
