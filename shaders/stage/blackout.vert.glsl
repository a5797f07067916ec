// The blackout: a 2 x 2 plane drawn straight in clip space, over everything, in every view (walls with
// their own projection, tiles, both eyes of a headset).
void main() {
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
