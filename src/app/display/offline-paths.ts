/** Where Meshwork serves what a display would otherwise fetch from a CDN (server/offline-assets.ts puts the
 * files there). Shared by the Vite plugin and the page. */

/** URL folder of the WebXR controller and hand profiles (@react-three/xr's `baseAssetPath`). */
export const XR_PROFILES_PATH = '/xr-profiles/';
/** The story font, DejaVu Sans (WOFF 1.0: troika-three-text does not read WOFF2). */
export const FONT_PATH = '/fonts/dejavu-sans.woff';
/** The code point ranges some served font (DejaVu Sans or a fallback) has glyphs for: `[[first, last], ...]`,
 * sorted. */
export const FONT_COVERAGE_PATH = '/fonts/coverage.json';
/** The fallback fonts for what DejaVu Sans lacks, as troika-three-text's font resolver reads them
 * (its `unicodeFontsURL`; server/font-resolver-data.ts), without the trailing slash. */
export const FONT_FALLBACK_PATH = '/fonts/unicode';
/** DejaVu Sans as WOFF2 (the same font as FONT_PATH, smaller): what the display's canvas text loads. */
export const FONT_WOFF2_PATH = '/fonts/dejavu-sans.woff2';
/** What the display needs to choose among the fallback fonts: `FontFacesInfo` (src/scene/font-faces.ts). */
export const FONT_FACES_PATH = '/fonts/faces.json';
