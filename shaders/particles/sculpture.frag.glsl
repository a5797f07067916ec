// A particle: a soft, round glow. Additive blending (set by the material) lets dense parts of a sculpture
// bloom without a post-processing pass. Kept to a few multiplies: at a million particles the fragments
// outnumber the pixels many times over, and the colour (already encoded for the output) comes from the
// vertex shader.
in vec3 vColor;

out vec4 fragColor;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  // (1 - r^2)^2 inside the disc, 0 outside: no discard, so no per-fragment branch.
  float k = max(0.0, 1.0 - dot(d, d));
  fragColor = vec4(vColor * (k * k), 1.0);
}
