import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import type { Archive } from '../src/core/archive.ts';
import { EventLog } from '../src/core/event-log.ts';
import { replayTimeline } from '../src/core/replay-timeline.ts';
import { applyTransport, initialTransport, transportAt, type Transport, type TransportAction } from '../src/core/transport.ts';
import type { Seconds } from '../src/core/units.ts';
import { AddressGate } from './address-gate.ts';
import { DIST_DIR } from './build-client.ts';
import { ClientRegistry } from './clients.ts';
import { createHttpServer, listen } from './http.ts';
import { OperatorGuard } from './operator-guard.ts';
import { RateLimiter } from './rate-limit.ts';
import { attachReplaySockets, REPLAY_OPERATORS, type ReplayIo } from './replay-sockets.ts';
import { MAX_MESSAGE_BYTES } from './server.ts';

export interface ReplayServerOptions {
  readonly archive: Archive;
  /** Port; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1 (a replay is watched where it runs unless told otherwise). */
  readonly host?: string;
  /** The operator's secret (the console and the desktop bar's controls). Default: random. */
  readonly operatorToken?: string;
  /** Where the archive's models and audio files are (an installation folder); default: none (404). */
  readonly assetsDir?: string;
  /** The built client. Default dist/ at the project root. */
  readonly distDir?: string;
  /** The transport at start. Default: playing from the show's first event at 1x. */
  readonly start?: { readonly t?: Seconds; readonly playing?: boolean; readonly rate?: number };
  readonly warn?: (message: string) => void;
}

export interface ReplayServer {
  readonly url: string;
  readonly port: number;
  readonly operatorToken: string;
  /** The replay server's clock, seconds. */
  now(): Seconds;
  transport(): Transport;
  /** Show time playing now. */
  showTime(): Seconds;
  /** Changes the transport as a console would (tests, the terminal). */
  apply(change: TransportAction): Transport;
  close(): Promise<void>;
}

/**
 * `meshwork replay`: a past show served from its archive alone to every kind of screen (headsets, walls,
 * desktops, the console), exactly as the room saw it. The same pages and protocol as a live show; what
 * differs is that the log is the archive's and does not grow, and that show time is the server's transport
 * (src/core/transport.ts): the screens keep their clocks in step with this server's, as in a live show, and
 * play t = transportAt(transport, clock), so they follow play, pause, seek and speed together.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { archive } = options;
  const warn = options.warn ?? (() => {});
  const originMs = performance.now();
  const now = (): Seconds => (performance.now() - originMs) / 1000;
  const log = EventLog.from(archive.events);
  const timeline = replayTimeline(archive);
  const startT = options.start?.t ?? timeline.from;
  let transport: Transport = initialTransport(timeline.from, timeline.to, now());
  transport = {
    ...transport,
    t0: Math.min(timeline.to, Math.max(timeline.from, startT)),
    rate: options.start?.rate ?? 1,
    playing: options.start?.playing ?? true,
  };
  const operatorToken = options.operatorToken ?? randomBytes(18).toString('base64url');
  const operatorGuard = new OperatorGuard({ token: operatorToken, now, warn });
  const noAssets = options.assetsDir === undefined ? mkdtempSync(join(tmpdir(), 'meshwork-replay-')) : undefined;

  const http = createHttpServer(
    {
      distDir: options.distDir ?? DIST_DIR,
      installationDir: resolve(options.assetsDir ?? noAssets ?? '.'),
      snapshot: () => ({ installation: archive.installation, events: archive.events, serverTime: now(), live: true, transport }),
      upgradePath: '/socket.io/',
      archiveSite: { guard: operatorGuard, trustProxy: false, warn, archive: () => archive },
    },
    warn,
  );
  const limiter = new RateLimiter(now);
  const gate = new AddressGate(limiter, now, false);
  const io: ReplayIo = new Server(http, { path: '/socket.io', maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false, allowRequest: gate.allowRequest });
  const clients = new ClientRegistry();
  let clientsTimer: ReturnType<typeof setTimeout> | undefined;
  const clientsChanged = () => {
    if (clientsTimer) return;
    clientsTimer = setTimeout(() => {
      clientsTimer = undefined;
      io.to(REPLAY_OPERATORS).emit('clients', clients.list());
    }, 500);
  };
  // Playing to the end stops there: a pause at `to` is broadcast, so every screen and console agrees the
  // replay has ended (t is clamped there anyway).
  let endTimer: ReturnType<typeof setTimeout> | undefined;
  const setTransport = (next: Transport) => {
    transport = next;
    io.emit('transport', next);
    clearTimeout(endTimer);
    endTimer = undefined;
    if (next.playing) {
      const left = (next.to - transportAt(next, now())) / next.rate;
      endTimer = setTimeout(
        () => {
          const paused = applyTransport(transport, { action: 'pause' }, now());
          if (!('error' in paused)) setTransport(paused);
        },
        Math.max(0, left * 1000) + 5,
      );
      endTimer.unref();
    }
  };
  setTransport(transport);
  attachReplaySockets({
    io,
    archive,
    log,
    now,
    transport: () => transport,
    setTransport,
    clients,
    limiter,
    gate,
    operatorGuard,
    trustProxy: false,
    warn,
    clientsChanged,
  });
  const host = options.host ?? '127.0.0.1';
  let address;
  try {
    address = await listen(http, options.port ?? 8080, host);
  } catch (e) {
    clearTimeout(endTimer);
    io.close();
    if (noAssets) rmSync(noAssets, { recursive: true, force: true });
    throw e;
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    operatorToken,
    now,
    transport: () => transport,
    showTime: () => transportAt(transport, now()),
    apply(change) {
      const next = applyTransport(transport, change, now());
      if ('error' in next) throw new Error(`${next.error} (${next.hint})`);
      setTransport(next);
      return next;
    },
    close: () =>
      (closing ??= (async () => {
        clearTimeout(endTimer);
        clearTimeout(clientsTimer);
        await new Promise<void>((done) => {
          io.close(() => done());
          http.closeAllConnections();
        });
        if (noAssets) rmSync(noAssets, { recursive: true, force: true });
      })()),
  };
}
