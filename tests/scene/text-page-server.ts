import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import { offlineAssets } from '../../server/offline-assets.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Serves tests/scene/page (the display's text path alone) with Vite's dev server on a free port, with the
 * story fonts the display is served (server/offline-assets.ts). */
export async function startTextPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: `${here}page`,
    logLevel: 'error',
    plugins: [offlineAssets()],
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [projectRoot] }, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
