// Bursts: a story or reaction sends a wave through the particles. The wave front leaves the origin at
// BURST_SPEED and pushes particles outward where it passes; its push decays with the burst's envelope
// (1 at birth, 0 at the end of its life, computed by showAt). The CPU writes at most MAX_BURSTS slots per
// frame (the newest bursts); slots past uBurstCount are ignored.
#ifndef MAX_BURSTS
#error MAX_BURSTS must be defined by the material (it matches MAX_BURSTS in src/core/show.ts)
#endif

#define BURST_SPEED 2.2
#define BURST_WIDTH 0.45

uniform int uBurstCount;
// xyz: origin (metres), w: strength (metres of push at the front)
uniform vec4 uBurstOrigin[MAX_BURSTS];
// x: age (seconds), y: envelope 0..1; rgb of the burst's colour in uBurstColor
uniform vec2 uBurstWave[MAX_BURSTS];
uniform vec3 uBurstColor[MAX_BURSTS];

// Moves p by every active wave; returns in glow how strongly waves touch it and in tint their colour.
vec3 applyBursts(vec3 p, out float glow, out vec3 tint) {
  glow = 0.0;
  tint = vec3(0.0);
  vec3 offset = vec3(0.0);
  for (int i = 0; i < MAX_BURSTS; i++) {
    if (i >= uBurstCount) break;
    vec4 o = uBurstOrigin[i];
    vec2 w = uBurstWave[i];
    vec3 d = p - o.xyz;
    float dist = length(d) + 1e-4;
    float front = w.x * BURST_SPEED;
    float x = (dist - front) / BURST_WIDTH;
    float k = exp(-x * x) * w.y;
    offset += d / dist * (o.w * k);
    glow += k;
    tint += uBurstColor[i] * k;
  }
  return p + offset;
}
