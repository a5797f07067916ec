/**
 * Stands in for @iwer/sem in the build (vite.config.ts aliases the package here). Meshwork's emulated headset
 * never installs IWER's synthetic environments (xr-store.ts sets `syntheticEnvironment: false`: the
 * installation is the room, and a venue may have no internet), but @pmndrs/xr imports the module statically,
 * which put its four captured rooms into every build: 4.5 MB of JavaScript, 7.6 MB with their compressed
 * copies, and the build's "chunk larger than 2,000 kB" warning.
 */
export class SyntheticEnvironmentModule {
  constructor() {
    throw new Error("IWER's synthetic environments are left out of Meshwork's build: keep `syntheticEnvironment: false` in src/app/display/xr-store.ts");
  }
}
