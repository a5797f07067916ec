// The final pass of a projection wall (src/scene/WarpPass.tsx; the maths in src/scene/warp.ts).
// Per output pixel: the image position is H^-1(pixel); outside the image the projector shows black. The soft
// edges ramp the light linearly and are applied after encoding, as value = light^(1/gamma) (blendFactor in
// warp.ts computes the same). Tone mapping and the output encoding are three's own chunks, left for three to
// expand: they follow the renderer's settings.
uniform sampler2D tScene;
uniform mat3 uInverse;
uniform vec4 uEdges; // left, right, bottom, top
uniform float uGamma;
uniform float uGrid;
varying vec2 vUv;
float ramp(float x, float w) { return w <= 0.0 ? 1.0 : clamp(x / w, 0.0, 1.0); }
void main() {
  vec3 s = uInverse * vec3(vUv, 1.0);
  vec2 uv = s.xy / s.z;
  if (s.z <= 0.0 || uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0) {
    gl_FragColor = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  gl_FragColor = texture2D(tScene, uv);
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
  if (uGrid > 0.5) {
    vec2 cell = abs(fract(uv * 10.0 + 0.5) - 0.5) / fwidth(uv * 10.0);
    float line = 1.0 - min(min(cell.x, cell.y), 1.0);
    gl_FragColor.rgb = mix(gl_FragColor.rgb, vec3(0.3, 1.0, 0.6), line * 0.8);
  }
  float light = ramp(uv.x, uEdges.x) * ramp(1.0 - uv.x, uEdges.y) * ramp(uv.y, uEdges.z) * ramp(1.0 - uv.y, uEdges.w);
  gl_FragColor.rgb *= pow(light, 1.0 / uGamma);
  gl_FragColor.a = 1.0;
}
