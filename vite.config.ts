import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { offlineAssets } from './server/offline-assets.ts';
import { devShow } from './server/dev-show.ts';
import { precompress } from './server/compression.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** One HTML entry per role: / (headset, desktop, walls), /join (phones), /operator; plus the benchmark page. */
const PAGES = ['index', 'join', 'operator', 'bench'];
const input = Object.fromEntries(PAGES.filter((p) => existsSync(`${here}src/app/${p}.html`)).map((p) => [p, `${here}src/app/${p}.html`]));

// The client's pages live in src/app (one HTML entry per role); the built files go to dist/ which the
// server serves. Tests run from the project root.
export default defineConfig({
  root: `${here}src/app`,
  base: '/',
  publicDir: `${here}src/app/public`,
  plugins: [react(), offlineAssets(), devShow(), precompress()],
  resolve: {
    // Two copies of three (pulled in by @iwer/devui and @iwer/sem) break XR frames: keep one.
    dedupe: ['three', 'react', 'react-dom'],
    // IWER's synthetic rooms, never used (see the module): left out of the build.
    alias: { '@iwer/sem': `${here}src/app/display/no-synthetic-environment.ts` },
  },
  server: { fs: { allow: [here] } },
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input,
      // The timings report lists our precompress and offline-assets plugins on every build: they do their
      // work on purpose (brotli at quality 11, the offline patch), and `npm start` should print only news.
      checks: { bundlerTimings: false },
    },
  },
  test: {
    root: here,
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests share 2 cores with a server and Chromium: keep files from fighting over the CPU.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
