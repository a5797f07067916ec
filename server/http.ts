import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseRequestTarget } from './request-target.ts';
import { join } from 'node:path';
import { acceptedEncodings, compress, MIN_COMPRESS_BYTES } from './compression.ts';
import { safeJoin, sendFile } from './static.ts';
import type { ShowSnapshot } from '../src/net/show-source.ts';
import { handleWallPatch, wallPatchId, type WallPatchOptions } from './wall-patch.ts';
import { sameJoinCode } from './secrets.ts';
import { ARCHIVE_SITE_PATH, handleArchiveSite, type ArchiveSiteDownloadOptions } from './archive-download.ts';

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
  /** The path prefix whose WebSocket upgrades belong to socket.io (e.g. "/socket.io/"); every other upgrade
   * is answered 404 and closed. Without it, every upgrade is. */
  readonly upgradePath?: string;
  /** The console's "Download archive page" (POST /api/archive-site); off without it. */
  readonly archiveSite?: ArchiveSiteDownloadOptions;
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

/** A JSON answer, compressed as it goes out when it is large enough and the client accepts it (the show's
 * snapshot holds the installation's data and the log: hundreds of kilobytes by the end of a night). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Vary', 'Accept-Encoding');
  const encoding = text.length >= MIN_COMPRESS_BYTES && res.req ? acceptedEncodings(res.req)[0] : undefined;
  if (!encoding) return void res.end(text);
  res.setHeader('Content-Encoding', encoding);
  res.end(compress(text, encoding, 'fast'));
}

function sendError(res: ServerResponse, status: number, message: string, hint: string): void {
  sendJson(res, status, { error: message, hint });
}

/** Logs a line for a person at the terminal (the server's `warn`); quiet servers pass a no-op. */
export type Log = (message: string) => void;

export function createRequestHandler(options: HttpOptions, log: Log = (m) => console.warn(m)): (req: IncomingMessage, res: ServerResponse) => void {
  const route = router(options);
  // The request boundary: whatever a handler throws is answered 500 and logged once here, and the server
  // goes on (a throw out of a 'request' listener would end the process).
  return (req, res) => {
    try {
      route(req, res);
    } catch (e) {
      log(`HTTP ${req.method ?? '?'} ${String(req.url).slice(0, 200)} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendError(res, 500, 'the server failed on this request', "the error is on the server's terminal; the show goes on");
      else res.destroy();
    }
  };
}

function router(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    securityHeaders(res, req.headers.host);
    const target = parseRequestTarget(req.url);
    if (!target.ok) return sendError(res, target.status, target.error, target.hint);
    const { path, query } = target;
    const wallId = wallPatchId(path);
    if (wallId !== undefined) return void handleWallPatch(req, res, options.wallPatch, wallId);
    if (path === ARCHIVE_SITE_PATH) return void handleArchiveSite(req, res, options.archiveSite, query);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(
        res,
        405,
        `method ${String(req.method).slice(0, 32)} is not allowed here`,
        'pages and files are read with GET; show events travel over socket.io',
      );
    }
    if (path === '/api/show') {
      const code = options.joinCode?.();
      const given = req.headers['x-meshwork-join-code'] ?? query.get('code');
      if (code !== undefined && !sameJoinCode(Array.isArray(given) ? given[0] : given, code)) {
        return sendError(
          res,
          401,
          given ? 'wrong join code' : 'this show asks for a join code',
          'open the page with the code the organisers gave you: /?code=<code> (or /?display=<wall>&code=<code>)',
        );
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

/** Slow or huge requests are cut off (a request trickled byte by byte holds a connection for nothing). */
export const HTTP_LIMITS = {
  /** Largest request head (request line and headers), bytes: more is answered 431. */
  maxHeaderSize: 16 * 1024,
  /** The whole head must arrive within this (408 otherwise). */
  headersTimeoutMs: 15_000,
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 10_000,
} as const;

const CLIENT_ERRORS: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'the request line and headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request took too long to arrive'],
  HPE_INVALID_METHOD: [400, 'the request method is not one HTTP knows'],
  HPE_INVALID_URL: [400, 'the request target is malformed'],
};

/** The HTTP server of a show, with the limits above and every malformed request answered (never thrown). */
export function createHttpServer(options: HttpOptions, log: Log = (m) => console.warn(m)): Server {
  // The timeouts are checked every connectionsCheckingInterval (Node's default 30 s would let a slow
  // request hold its connection for twice the timeout).
  const server = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeaderSize, connectionsCheckingInterval: 1000 }, createRequestHandler(options, log));
  server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
  const say = throttled(log);
  // What Node's parser refuses (bad request line, bad header, early end, timeouts) arrives here, not as a
  // request: answered 4xx with the JSON error shape, logged (throttled: a flood of garbage would bury the
  // terminal), the connection closed. Node's default does the same, without the body or the log.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const code = err.code ?? 'unknown';
    const peer = (socket as Socket).remoteAddress ?? 'unknown';
    if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable) return void socket.destroy();
    say(`malformed HTTP request from ${peer} (${code}), answered and closed`);
    // A response already under way on this connection cannot be followed by another one.
    const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (pending?.headersSent) return void socket.destroy();
    const [status, error] = CLIENT_ERRORS[code] ?? [400, `the request is not valid HTTP (${code})`];
    socket.end(rawResponse(status, { error, hint: 'send HTTP/1.1 with a path, e.g. GET / HTTP/1.1' }));
  });
  // An upgrade leaves HTTP's timeouts behind. socket.io takes its own; any other is refused here at once:
  // engine.io's own clean-up skips a connection that already carried a response, which would leave a
  // keep-alive connection that asks for an upgrade elsewhere open for good.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const target = parseRequestTarget(req.url);
    if (options.upgradePath !== undefined && target.ok && target.path.startsWith(options.upgradePath)) return;
    say(`refused an upgrade to ${target.ok ? target.path.slice(0, 100) : 'a malformed target'} from ${(socket as Socket).remoteAddress ?? 'unknown'}`);
    socket.end(rawResponse(404, { error: 'nothing to upgrade to here', hint: `the show's socket is at ${options.upgradePath ?? '(none on this server)'}` }));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return server;
}

/** A whole response written on a raw socket (for connections that never became a request). */
export function rawResponse(status: number, body: { error: string; hint: string }): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`;
}

/** Logs at most one line per second; the lines dropped meanwhile are counted on the next one (a flood of
 * bad requests must not bury the terminal, nor go unseen). */
export function throttled(log: Log, everyMs = 1000): Log {
  let lastMs = -Infinity;
  let dropped = 0;
  return (message) => {
    const now = Date.now();
    if (now - lastMs < everyMs) return void dropped++;
    lastMs = now;
    log(dropped > 0 ? `${message} (and ${dropped} more like it before)` : message);
    dropped = 0;
  };
}
