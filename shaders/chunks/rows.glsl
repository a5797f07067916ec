// Per-row data of a sculpture, written once per installation version into a float texture by
// src/scene/particles/row-texture.ts. The layout is ROW_FIELDS in src/scene/particles/gpu-contract.ts,
// which the material passes here as defines: ROW_TEXELS texels a row, and for each field the offset of its
// first float among the row's ROW_TEXELS * 4 (ROW_CENTRE xyz, ROW_EXTENT, ROW_COLOR rgb, ROW_SIZE,
// ROW_AGITATION, ROW_SHAPE, ROW_SEED_HIGH, ROW_SEED_LOW).
// Each texel is fetched once per vertex: on a software rasteriser a fetch costs about as much as the rest
// of a hash. The row's spin and tilt come from bits of its seed (already a hash) rather than from more texels.
// Few rows (ROW_UNIFORM_TEXELS defined, rows * ROW_TEXELS texels) travel as a uniform array, which a vertex
// reads far more cheaply than a texture; many rows, in the texture.
#ifndef ROW_TEXELS
#error ROW_TEXELS and the rest of the row layout must be defined by the material (sculptureDefines in src/scene/particles/gpu-contract.ts)
#endif

#ifdef ROW_UNIFORM_TEXELS
uniform vec4 uRowData[ROW_UNIFORM_TEXELS];
#else
uniform highp sampler2D uRows;
uniform int uRowsWidth;
#endif

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
#ifdef ROW_UNIFORM_TEXELS
  return uRowData[i];
#else
  return texelFetch(uRows, ivec2(i % uRowsWidth, i / uRowsWidth), 0);
#endif
}

// The float at `offset` of a row's texels `t` (offset / 4 is the texel, offset % 4 the component).
#define ROW_FLOAT(t, offset) t[(offset) / 4][(offset) % 4]

Row fetchRow(int row) {
  // Each texel once, at constant indices: written as a loop, the array stays in memory on a software
  // rasteriser and the frame took about 6% longer (measured at 200k particles in SwiftShader).
  vec4 t[ROW_TEXELS];
  t[0] = rowTexel(ROW_TEXELS * row);
#if ROW_TEXELS > 1
  t[1] = rowTexel(ROW_TEXELS * row + 1);
#endif
#if ROW_TEXELS > 2
  t[2] = rowTexel(ROW_TEXELS * row + 2);
#endif
#if ROW_TEXELS > 3
  t[3] = rowTexel(ROW_TEXELS * row + 3);
#endif
#if ROW_TEXELS > 4
#error fetchRow reads at most 4 texels a row: add a line above for each texel ROW_FIELDS grew by
#endif
  Row r;
  r.centre = vec3(ROW_FLOAT(t, ROW_CENTRE), ROW_FLOAT(t, ROW_CENTRE + 1), ROW_FLOAT(t, ROW_CENTRE + 2));
  r.extent = ROW_FLOAT(t, ROW_EXTENT);
  r.color = vec3(ROW_FLOAT(t, ROW_COLOR), ROW_FLOAT(t, ROW_COLOR + 1), ROW_FLOAT(t, ROW_COLOR + 2));
  r.size = ROW_FLOAT(t, ROW_SIZE);
  r.agitation = ROW_FLOAT(t, ROW_AGITATION);
  r.shape = int(ROW_FLOAT(t, ROW_SHAPE) + 0.5);
  r.seed = (uint(ROW_FLOAT(t, ROW_SEED_HIGH) + 0.5) << 16u) | uint(ROW_FLOAT(t, ROW_SEED_LOW) + 0.5);
  r.spinSpeed = 0.05 + 0.07 * float((r.seed >> 16u) & 0xffu) * (1.0 / 255.0);
  r.spinPhase = float(r.seed & 0xffffu) * (6.28318530718 / 65536.0);
  return r;
}
