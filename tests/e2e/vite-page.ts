import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface VitePages {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

/** The client's pages (src/app/*.html) served by Vite's dev server on a free port, for browser tests and
 * benchmarks that need a page without building the client first. */
export async function serveVitePages(): Promise<VitePages> {
  const server: ViteDevServer = await createServer({
    configFile: `${ROOT}vite.config.ts`,
    logLevel: 'warn',
    clearScreen: false,
    server: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      hmr: false,
      watch: null,
      // Cross-origin isolation gives pages a 5 us performance.now() instead of 100 us: benchmarks need it.
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('the Vite server did not start listening');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
