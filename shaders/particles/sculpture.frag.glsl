// A particle: a soft, round glow. Additive blending (set by the material) lets dense parts of a sculpture
// bloom without a post-processing pass.
in vec3 vColor;
in float vAlpha;

out vec4 fragColor;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(d, d);
  if (r2 > 1.0) discard;
  float fall = exp(-3.0 * r2) * (1.0 - r2);
  // linearToOutputTexel is three's encoder for the renderer's output colour space (sRGB on screens).
  fragColor = linearToOutputTexel(vec4(vColor * vAlpha * fall, 1.0));
}
