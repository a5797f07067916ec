import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { Plugin } from 'vite';
import { resolverData, woff2Of } from './font-resolver-data.ts';
import { fontCatalogue, FONT_FAMILIES, HAN_ORDER } from './font-catalogue.ts';
import type { FontFacesInfo } from '../src/scene/font-faces.ts';
import { FONT_COVERAGE_PATH, FONT_FACES_PATH, FONT_FALLBACK_PATH, FONT_PATH, FONT_WOFF2_PATH, XR_PROFILES_PATH } from '../src/app/display/offline-paths.ts';

/**
 * Everything the display would otherwise fetch from a CDN at run time, served by Meshwork itself (a venue
 * may have no internet): the story fonts (DejaVu Sans, the fallbacks for every other script, and what they
 * cover), and the WebXR controller and hand models. In
 * `vite build` the files are emitted into dist/; in `vite` (dev) a middleware serves them from node_modules.
 */

/**
 * The profiles shipped: the Meta Quest family (Quest 3/3S, Quest Pro, Quest 2), Pico 4, hands, and the
 * generic trigger controller that @react-three/xr falls back to. The profile list served names only these,
 * so an unknown controller falls back to the generic one instead of asking for a file that is not there.
 */
export const XR_PROFILES = [
  'meta-quest-touch-plus',
  'meta-quest-touch-plus-v2',
  'meta-quest-touch-pro',
  'oculus-touch-v3',
  'pico-4',
  'generic-hand',
  'generic-trigger',
] as const;

const require = createRequire(import.meta.url);

function profilesDir(): string {
  return join(dirname(require.resolve('@webxr-input-profiles/assets/package.json')), 'dist', 'profiles');
}

/** Every offline file: its served path (without the leading slash) and how to read it. */
export function offlineFiles(): Map<string, () => Buffer> {
  const files = new Map<string, () => Buffer>();
  const root = profilesDir();
  const list = JSON.parse(readFileSync(join(root, 'profilesList.json'), 'utf8')) as Record<string, { path: string }>;
  const kept: Record<string, { path: string }> = {};
  for (const id of XR_PROFILES) {
    const entry = list[id];
    const dir = join(root, id);
    if (!entry || !existsSync(dir)) throw new Error(`@webxr-input-profiles/assets has no profile "${id}": update XR_PROFILES in server/offline-assets.ts`);
    kept[id] = entry;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isFile()) files.set(`${XR_PROFILES_PATH.slice(1)}${id}/${name}`, () => readFileSync(file));
    }
  }
  files.set(`${XR_PROFILES_PATH.slice(1)}profilesList.json`, () => Buffer.from(JSON.stringify(kept)));
  const fonts = fontCatalogue();
  files.set(FONT_PATH.slice(1), () => readFileSync(fonts.primary.path));
  files.set(FONT_WOFF2_PATH.slice(1), () => readFileSync(woff2Of(fonts.primary.path)));
  files.set(FONT_COVERAGE_PATH.slice(1), () => Buffer.from(JSON.stringify(fonts.coverage)));
  const faces: FontFacesInfo = {
    primary: fonts.primary.coverage,
    families: FONT_FAMILIES.map((f) => f.pkg),
    han: HAN_ORDER.map((h) => ({ pattern: h.pattern, order: h.order })),
  };
  files.set(FONT_FACES_PATH.slice(1), () => Buffer.from(JSON.stringify(faces)));
  for (const [path, read] of resolverData(fonts)) files.set(`${FONT_FALLBACK_PATH.slice(1)}/${path}`, read);
  return files;
}

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json; charset=utf-8',
  '.glb': 'model/gltf-binary',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * troika-three-text's font resolver retries any failed fetch from its own data URL on a CDN. Its code is
 * built with that URL replaced by Meshwork's, so a failure (a network blip at the venue) stays a failure on
 * this server and never becomes a request to the internet. tests/server/font-catalogue.test.ts checks the
 * built client holds no such URL.
 */
export const RESOLVER_CDN = 'https://cdn.jsdelivr.net/gh/lojjic/unicode-font-resolver@v1.0.1/packages/data';

export function withoutFontCdn(code: string): string | undefined {
  return code.includes(RESOLVER_CDN) ? code.replaceAll(RESOLVER_CDN, FONT_FALLBACK_PATH) : undefined;
}

const noFontCdn = {
  name: 'meshwork-no-font-cdn',
  transform(code: string, id: string) {
    // Only troika's own code: elsewhere (this file, under vitest) the URL is data.
    if (!/[\\/]troika-three-text[\\/]/.test(id)) return null;
    const out = withoutFontCdn(code);
    return out === undefined ? null : { code: out, map: null };
  },
};

export function offlineAssets(): Plugin {
  let files: Map<string, () => Buffer> | undefined;
  const get = () => (files ??= offlineFiles());
  return {
    name: 'meshwork-offline-assets',
    transform: noFontCdn.transform,
    // `vite` (dev) bundles dependencies apart from the plugin pipeline: patch them there too.
    config: () => ({ optimizeDeps: { rolldownOptions: { plugins: [noFontCdn] } } }),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const read = get().get(path.slice(1));
        if (!read) return next();
        res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
        res.end(read());
      });
    },
    generateBundle() {
      for (const [fileName, read] of get()) this.emitFile({ type: 'asset', fileName, source: read() });
    },
  };
}
