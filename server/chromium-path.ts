/** Debian's Chromium, or the one MESHWORK_CHROMIUM names. Nothing downloads a browser of its own. Kept apart
 * from chromium.ts so that reading it (the CLI's usage) does not load playwright-core. */
export const CHROMIUM = process.env.MESHWORK_CHROMIUM ?? '/usr/bin/chromium';
