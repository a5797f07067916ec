// A rounded rectangle, solid up to uSoft inside the box's edge and fading to nothing at it: the text inside
// it sits on the solid part, whose opacity (uOpacity) is what gives it its contrast (src/scene/layout/contrast.ts).
uniform vec2 uSize;    // the box, layout units
uniform float uRadius; // corner radius of the solid part, layout units
uniform float uSoft;   // width of the fade, layout units
uniform vec3 uColor;
uniform float uOpacity;
varying vec2 vUv;
void main() {
  vec2 p = (vUv - 0.5) * uSize;
  vec2 q = abs(p) - (uSize * 0.5 - vec2(uRadius + uSoft));
  float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - uRadius;
  gl_FragColor = vec4(uColor, uOpacity * (1.0 - smoothstep(0.0, uSoft, d)));
}
