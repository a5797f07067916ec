import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves tests/audio/page (the sound test and benchmark page) with Vite's dev server on a free port. */
export async function startSoundPage(): Promise<PageServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: `${here}page`,
    logLevel: 'error',
    plugins: [react()],
    resolve: { dedupe: ['react', 'react-dom'] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [projectRoot] }, hmr: false, watch: null },
    optimizeDeps: { include: ['tone', 'react', 'react-dom/client'] },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
