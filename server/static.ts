import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptedEncodings, COMPRESSIBLE } from './compression.ts';

/** Serving files without ever leaving the served folders: the path is decoded once, normalised, and must
 * stay inside its root (no "..", no encoded slashes or backslashes, no NUL). */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside `root`, or undefined when it would leave it or is malformed. */
export function safeJoin(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  // A second round of decoding must not change anything: "%252e%252e" is refused rather than guessed at.
  if (/%[0-9a-f]{2}/i.test(decoded)) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/** Streams a file with its content type; `immutable` for hashed build assets. A compressible file goes out
 * in the best precompressed encoding the browser accepts (`<file>.br`, `<file>.gz`, written at build time
 * by server/compression.ts) when that one is as new as the file. Returns false when there is no such file. */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable = false): boolean {
  if (!existsSync(file)) return false;
  const st = statSync(file);
  if (!st.isFile()) return false;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  let body = file;
  let size = st.size;
  if (COMPRESSIBLE.test(file)) {
    res.setHeader('Vary', 'Accept-Encoding');
    for (const encoding of acceptedEncodings(req)) {
      const variant = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
      const vst = existsSync(variant) ? statSync(variant) : undefined;
      if (!vst?.isFile() || vst.mtimeMs < st.mtimeMs) continue;
      res.setHeader('Content-Encoding', encoding);
      body = variant;
      size = vst.size;
      break;
    }
  }
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', size);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  // A file removed or unreadable after the stat is cut off (the headers are out); never an unhandled error.
  createReadStream(body)
    .once('error', () => res.destroy())
    .pipe(res);
  return true;
}
