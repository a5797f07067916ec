// The one way tests launch Chromium. The launcher lives in server/chromium.ts because the render command
// (server/render.ts) uses it too.
export { CHROMIUM, CHROMIUM_ARGS, launchChromium, type Browser, type LaunchOptions } from '../../server/chromium.ts';
