// Black over the whole picture, by the show's blackout level (ShowState.blackout, 0..1).
uniform float uAmount;
void main() {
  gl_FragColor = vec4(0.0, 0.0, 0.0, uAmount);
}
