// The soft backdrop behind a text (src/scene/StoryBackdrop.ts): a unit plane, scaled to the text's box.
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
