// Per-row data of a sculpture, written once per installation version into a float texture
// (see src/scene/particles/row-texture.ts, which must agree with this layout):
//   texel 4*row + 0: centre x, y, z (metres), extent (metres)
//   texel 4*row + 1: colour r, g, b (linear), particle size (metres)
//   texel 4*row + 2: agitation, shape id (SHAPE_* + model slot), seed >> 16, seed & 0xffff
//   texel 4*row + 3: cos and sin of the shape's tilt, spin speed (rad/s), spin phase (rad)
// Whatever depends on the row alone is computed there once, not in every vertex.
uniform highp sampler2D uRows;
uniform int uRowsWidth;

struct Row {
  vec3 centre;
  float extent;
  vec3 color;
  float size;
  float agitation;
  int shape;
  uint seed;
  vec2 tilt;
  float spinSpeed;
  float spinPhase;
};

vec4 rowTexel(int i) {
  return texelFetch(uRows, ivec2(i % uRowsWidth, i / uRowsWidth), 0);
}

Row fetchRow(int row) {
  vec4 a = rowTexel(4 * row);
  vec4 b = rowTexel(4 * row + 1);
  vec4 c = rowTexel(4 * row + 2);
  vec4 d = rowTexel(4 * row + 3);
  Row r;
  r.centre = a.xyz;
  r.extent = a.w;
  r.color = b.rgb;
  r.size = b.a;
  r.agitation = c.x;
  r.shape = int(c.y + 0.5);
  r.seed = (uint(c.z + 0.5) << 16u) | uint(c.w + 0.5);
  r.tilt = d.xy;
  r.spinSpeed = d.z;
  r.spinPhase = d.w;
  return r;
}
