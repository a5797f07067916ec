import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Compression for a venue's network: every built asset is compressed once, at build time (brotli at its
 * near-best setting and gzip beside it: `app.js.br`, `app.js.gz`), and served in the best encoding the browser
 * accepts (server/static.ts); JSON answers are compressed as they are sent. A headset then loads about a
 * quarter of the bytes.
 */

/** Files worth compressing: text, wasm and uncompressed fonts (not woff2, png, mp3; not glb: the controller
 * models gain little and cost most of the build time). */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|wasm|ttf|otf|txt|csv|map|xml)$/i;
/** Smaller files gain less than the encoding header costs them. */
export const MIN_COMPRESS_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/** The encodings a request accepts, best first (q=0 refuses one; `*` accepts both). */
export function acceptedEncodings(req: Pick<IncomingMessage, 'headers'>): Encoding[] {
  const header = req.headers['accept-encoding'];
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (e: Encoding) => (q.get(e) ?? (e === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(accepts);
}

/** `best` is for build time: brotli 9 rather than 11, measured on this client's 7.3 MB of text: 2.15 MB
 * against 1.85 MB, in a tenth of the time (5 s against 53 s on a loaded 2-core machine), because every
 * test run and a venue laptop's first start build the client. `fast` is for answers compressed as sent. */
export const compress = (data: Buffer, encoding: Encoding, quality: 'best' | 'fast'): Buffer =>
  encoding === 'br'
    ? brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: quality === 'best' ? 9 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    : gzipSync(data, { level: quality === 'best' ? 9 : 6 });

export interface PrecompressResult {
  readonly files: number;
  readonly bytes: number;
  readonly brBytes: number;
  readonly gzipBytes: number;
}

/** Writes `<file>.br` and `<file>.gz` beside every compressible file of `dir` (recursively) where the
 * compressed one is smaller. */
export function precompressFolder(dir: string): PrecompressResult {
  let files = 0;
  let bytes = 0;
  let brBytes = 0;
  let gzipBytes = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && COMPRESSIBLE.test(entry.name) && statSync(path).size >= MIN_COMPRESS_BYTES) {
        const data = readFileSync(path);
        const br = compress(data, 'br', 'best');
        const gz = compress(data, 'gzip', 'best');
        files++;
        bytes += data.length;
        if (br.length < data.length) {
          writeFileSync(`${path}.br`, br);
          brBytes += br.length;
        } else brBytes += data.length;
        if (gz.length < data.length) {
          writeFileSync(`${path}.gz`, gz);
          gzipBytes += gz.length;
        } else gzipBytes += data.length;
      }
    }
  };
  walk(dir);
  return { files, bytes, brBytes, gzipBytes };
}

/** The Vite plugin: precompresses the build's output folder once it is written. */
export function precompress(): Plugin {
  let outDir = '';
  let failed = false;
  return {
    name: 'meshwork-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // A failed build still closes its bundle: compressing then would throw ENOENT for the folder that was
    // never written, and hide the build's own error behind it.
    buildEnd(error) {
      failed = error !== undefined;
    },
    renderError() {
      failed = true;
    },
    closeBundle() {
      if (failed || !existsSync(outDir)) return;
      const r = precompressFolder(outDir);
      this.info?.(
        `precompressed ${r.files} files: ${(r.bytes / 1e6).toFixed(2)} MB -> brotli ${(r.brBytes / 1e6).toFixed(2)} MB, gzip ${(r.gzipBytes / 1e6).toFixed(2)} MB`,
      );
    },
  };
}
