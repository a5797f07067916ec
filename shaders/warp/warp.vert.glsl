// The warp pass's full-screen quad: a 2 x 2 plane drawn straight in clip space (no camera).
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
