// Per-row data of a sculpture, written once per installation version into a float texture
// (see src/scene/particles/row-texture.ts, which must agree with this layout):
//   texel 3*row + 0: centre x, y, z (metres), extent (metres)
//   texel 3*row + 1: colour r, g, b (linear), particle size (metres)
//   texel 3*row + 2: agitation, shape id (SHAPE_* + model slot), seed >> 16, seed & 0xffff
// Three fetches per vertex: on a software rasteriser each costs about as much as the rest of a hash.
// The row's spin and tilt come from bits of its seed (already a hash) rather than from more texels.
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
  // Spin about the vertical: speed 0.05-0.12 rad/s from seed bits 16-23, phase from bits 0-15.
  float spinSpeed;
  float spinPhase;
};

vec4 rowTexel(int i) {
  return texelFetch(uRows, ivec2(i % uRowsWidth, i / uRowsWidth), 0);
}

Row fetchRow(int row) {
  vec4 a = rowTexel(3 * row);
  vec4 b = rowTexel(3 * row + 1);
  vec4 c = rowTexel(3 * row + 2);
  Row r;
  r.centre = a.xyz;
  r.extent = a.w;
  r.color = b.rgb;
  r.size = b.a;
  r.agitation = c.x;
  r.shape = int(c.y + 0.5);
  r.seed = (uint(c.z + 0.5) << 16u) | uint(c.w + 0.5);
  r.spinSpeed = 0.05 + 0.07 * float((r.seed >> 16u) & 0xffu) * (1.0 / 255.0);
  r.spinPhase = float(r.seed & 0xffffu) * (6.28318530718 / 65536.0);
  return r;
}
