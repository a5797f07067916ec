import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { safeJoin, sendFile } from './static.ts';
import type { ShowSnapshot } from '../src/net/show-source.ts';
import { handleWallPatch, wallPatchId, type WallPatchOptions } from './wall-patch.ts';
import { sameJoinCode } from './secrets.ts';

/**
 * The HTTP side of a Meshwork server: the built client (dist/), the installation folder's assets (models,
 * samples) and the show snapshot. Every response carries the security headers. socket.io attaches to the
 * same server.
 */
export interface HttpOptions {
  /** The built client (vite build output). */
  readonly distDir: string;
  /** The installation folder: its .glb/.gltf/.bin and audio files are served under /installation/. */
  readonly installationDir: string;
  /** The current snapshot: installation and public log. */
  readonly snapshot: () => ShowSnapshot;
  /** The installation's join code, when it sets one: the snapshot is then given only with the code (header
   * `X-Meshwork-Join-Code`, or `?code=`), as the socket's hello is. */
  readonly joinCode?: () => string | undefined;
  /** Wall calibration (POST /api/walls/<id>) writes into the installation file; off without it. */
  readonly wallPatch?: WallPatchOptions;
}

/** Pages per role: the path a person types, and the HTML entry that serves it. */
export const PAGES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/join': 'join.html',
  '/operator': 'operator.html',
};

const ASSET_EXT = /\.(glb|gltf|bin|wav|mp3|ogg|flac|png|jpg|webp)$/i;

/** A Host header fit to be written into the CSP (host, host:port, [v6]:port); anything else is dropped. */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function securityHeaders(res: ServerResponse, host?: string): void {
  // troika's text workers are blob: workers that importScripts() blob: code, so script-src and worker-src
  // allow blob:. The socket goes to this same host: connect-src names its ws:/wss: origins exactly,
  // because older Safari (phones) does not count ws: as 'self'.
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'${sockets} data: blob:; media-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'xr-spatial-tracking=(self), screen-wake-lock=(self), fullscreen=(self)');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, hint: string): void {
  sendJson(res, status, { error: message, hint });
}

export function createRequestHandler(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    securityHeaders(res, req.headers.host);
    const wallId = wallPatchId(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (wallId !== undefined) return void handleWallPatch(req, res, options.wallPatch, wallId);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, `method ${req.method} is not allowed here`, 'pages and files are read with GET; show events travel over socket.io');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/api/show') {
      const code = options.joinCode?.();
      const given = req.headers['x-meshwork-join-code'] ?? url.searchParams.get('code');
      if (code !== undefined && !sameJoinCode(Array.isArray(given) ? given[0] : given, code)) {
        return sendError(res, 401, given ? 'wrong join code' : 'this show asks for a join code', 'open the page with the code the organisers gave you: /?code=<code> (or /?display=<wall>&code=<code>)');
      }
      return sendJson(res, 200, options.snapshot());
    }
    const page = PAGES[path] ?? PAGES[path.replace(/\/$/, '')];
    if (page) {
      const file = join(options.distDir, page);
      if (sendFile(req, res, file)) return;
      return sendError(res, 503, 'the client is not built', 'run `npm run build` (npm start builds it for you)');
    }
    if (path.startsWith('/installation/')) {
      const rel = path.slice('/installation'.length);
      const file = ASSET_EXT.test(rel) ? safeJoin(options.installationDir, rel) : undefined;
      if (file && sendFile(req, res, file)) return;
      return sendError(res, 404, 'no such installation asset', 'models and audio files live beside installation.yaml');
    }
    const file = safeJoin(options.distDir, path);
    if (file && sendFile(req, res, file, path.startsWith('/assets/'))) return;
    sendError(res, 404, `nothing at ${path.slice(0, 200)}`, 'open / (headset, desktop), /?display=<wall>, /join (phones) or /operator');
  };
}

/** Listens on `port` (0: a free port) and resolves with the bound address. */
export function listen(server: NetServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

export function createHttpServer(options: HttpOptions): Server {
  return createServer(createRequestHandler(options));
}
