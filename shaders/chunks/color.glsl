// Encoding for the output: three encodes colours in the fragment shader (linearToOutputTexel), but the
// particles encode once per vertex instead (see sculpture.frag.glsl), so they need their own encoder.
// uOutputSrgb is 1 when the target is sRGB (screens, XR), 0 when it is linear (e.g. a float render target).
uniform float uOutputSrgb;

vec3 encodeOutput(vec3 linear) {
  vec3 c = max(linear, 0.0);
  // The sRGB transfer function (IEC 61966-2-1).
  vec3 srgb = mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
  return uOutputSrgb > 0.5 ? srgb : c;
}
