import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Server, type ServerOptions } from 'socket.io';
import { formatDiagnostic, type Diagnostic } from '../src/core/diagnostics.ts';
import type { Installation } from '../src/core/installation.ts';
import { publicInstallation, viewLog } from '../src/core/projection.ts';
import type { Seconds } from '../src/core/units.ts';
import type { ShowSnapshot } from '../src/net/show-source.ts';
import { announcement } from './announce.ts';
import { journalLine } from './show-journal.ts';
import { SHOW_DB } from './new-show.ts';
import { broadcastLog } from './broadcast.ts';
import { DIST_DIR } from './build-client.ts';
import { ClientRegistry } from './clients.ts';
import { capConnections, MAX_CONNECTIONS_PER_ADDRESS } from './connection-cap.ts';
import { createHttpServer, listen } from './http.ts';
import { OperatorGuard, type OperatorGuardOptions } from './operator-guard.ts';
import { compileFolder } from './installation-folder.ts';
import { AddressGate } from './address-gate.ts';
import { DeviceIdentities, loadOrCreateDeviceSecret } from './devices.ts';
import { HELLO_TIMEOUT } from './limits.ts';
import { RateLimiter } from './rate-limit.ts';
import { ShowRequests } from './requests.ts';
import { ShowLog } from './show-log.ts';
import { attachSockets, OPERATOR_ROOM, type ShowServer } from './sockets.ts';
import type { EventStore } from './store/event-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import { lanAddresses, loadOrCreateCertificate } from './tls.ts';
import { polyglotServer } from './polyglot.ts';
import { watchInstallation } from './watch-installation.ts';

export interface ServerStartOptions {
  /** The installation folder (installation.yaml and its data). */
  readonly installationDir: string;
  /** Port to listen on; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Address to bind. Default 0.0.0.0 (every interface: the venue network). */
  readonly host?: string;
  /** Where the show's log and the TLS certificate live. Default: <installationDir>/.meshwork (gitignored). */
  readonly dataDir?: string;
  /** The operator's secret. Default: a random one, printed at start. */
  readonly operatorToken?: string;
  /** HTTPS (needed by WebXR off localhost). 'auto' (default): HTTPS with a self-signed certificate kept in
   * dataDir, except when bound to 127.0.0.1 / localhost, which serves plain HTTP. With HTTPS the same port
   * also answers plain HTTP (for http://localhost:PORT through `adb reverse`). */
  readonly https?: boolean | 'auto';
  /** No banner, no warnings on the terminal. Default false. */
  readonly quiet?: boolean;
  /** Print the banner (addresses, QR codes, the operator link). Default true; a restarted show process
   * (supervisor.ts) skips it, the screens already know the address. */
  readonly announce?: boolean;
  /** The log. Default: SQLite in dataDir. The server closes it on close(). */
  readonly store?: EventStore;
  /** A socket.io adapter (e.g. the Redis Streams adapter, for several processes). Default: in memory. */
  readonly adapter?: ServerOptions['adapter'];
  /** The built client to serve. Default: dist/ at the project root. */
  readonly distDir?: string;
  /** Watch the installation folder and play valid edits live. Default true. */
  readonly watch?: boolean;
  /** Behind a reverse proxy or load balancer: rate limits count per X-Forwarded-For address instead of
   * per peer (every client would otherwise share the proxy's). Default false. */
  readonly trustProxy?: boolean;
  /** Failures of the operator token allowed before the back-off, and its steps (server/operator-guard.ts).
   * Default: 5 per address then 1 s doubling to 300 s; 30 in all then 1 s doubling to 60 s. */
  readonly operatorLimits?: Pick<OperatorGuardOptions, 'perAddress' | 'global'>;
  /** The installation already compiled from installationDir (the CLI compiles it once, to print its
   * diagnostics before anything starts). Default: compiled here. */
  readonly installation?: Installation;
  /** TCP connections one address may hold open at once (a room behind one router shares one address).
   * Default MAX_CONNECTIONS_PER_ADDRESS (512). */
  readonly maxConnectionsPerAddress?: number;
  /** The secret device identities are signed with (at least 16 bytes; several processes serving one show
   * share it). Default: kept in dataDir/device-secret, created on first start. */
  readonly deviceSecret?: Uint8Array;
  /** Seconds a socket connection may stay open without being welcomed before it is closed. Default 20. */
  readonly helloTimeout?: Seconds;
}

export interface RunningServer {
  /** e.g. https://192.168.1.20:8080 (the first LAN address when bound to every interface). */
  readonly url: string;
  readonly port: number;
  /** The token the server accepts now (setOperatorToken changes it). */
  readonly operatorToken: string;
  /** Accept `token` from now on instead (the show's token changed in Redis: redis-scale.ts). */
  setOperatorToken(token: string): void;
  /** Now on the show's shared clock (seconds): what clients synchronise to. */
  now(): Seconds;
  close(): Promise<void>;
}

/** The installation folder is broken at start: nothing to play. */
export class InstallationError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(
      `the installation has errors:\n${diagnostics
        .filter((d) => d.severity === 'error')
        .map(formatDiagnostic)
        .join('\n')}`,
    );
  }
}

/** Where socket.io listens (its default): the only upgrades the HTTP server hands on. */
const SOCKET_PATH = '/socket.io/';

/** Largest message a client may send (bytes); a story of 2000 characters fits with room to spare. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts a show server: HTTP(S) for the pages and /api/show, socket.io for the log, the clock and the
 * operator, the log in the store, and the installation folder watched for live edits. */
export async function startServer(options: ServerStartOptions): Promise<RunningServer> {
  const installationDir = resolve(options.installationDir);
  // Configuration comes in as options only: the environment is read by the CLI (serve-command.ts).
  const host = options.host ?? '0.0.0.0';
  const port = options.port ?? 8080;
  const dataDir = resolve(options.dataDir ?? join(installationDir, '.meshwork'));
  let operatorToken = options.operatorToken ?? randomBytes(18).toString('base64url');
  const useHttps = options.https === 'auto' || options.https === undefined ? !LOCAL_HOSTS.has(host) : options.https;
  const say = options.quiet ? () => {} : (m: string) => console.log(m);
  const warn = options.quiet ? () => {} : (m: string) => console.warn(m);

  const compiled = options.installation ? { installation: options.installation, diagnostics: [] } : compileFolder(installationDir);
  if (!compiled.installation) throw new InstallationError(compiled.diagnostics);
  const installation = compiled.installation;
  const store = options.store ?? (await SqliteStore.open(join(dataDir, SHOW_DB)));
  let show: ShowLog;
  try {
    show = await ShowLog.open(store);
    // A new show starts with its installation at seq 1; a restart with an edited folder plays the edit.
    if (show.current()?.version !== installation.version) await show.append({ type: 'installation', installation });
  } catch (e) {
    await store.close();
    throw e;
  }

  let errors: readonly Diagnostic[] = [];
  const snapshot = (): ShowSnapshot => ({
    installation: publicInstallation(show.current() as Installation),
    events: viewLog('viewer', show.log, show.base()),
    serverTime: show.now(),
    live: true,
  });
  const trustProxy = options.trustProxy ?? false;
  // One guard for every place that takes the operator token: one failure count, one back-off.
  const operatorGuard = new OperatorGuard({ token: operatorToken, now: () => show.now(), warn, ...options.operatorLimits });
  const http: HttpServer = createHttpServer(
    {
      distDir: options.distDir ?? DIST_DIR,
      installationDir,
      snapshot,
      joinCode: () => show.current()?.spec.audience.joinCode,
      wallPatch: { installationDir, guard: operatorGuard, trustProxy },
      archiveSite: {
        guard: operatorGuard,
        trustProxy,
        warn,
        archive: () => {
          const r = requests.archive(show.now());
          return r.ok ? r.archive : undefined;
        },
      },
      upgradePath: SOCKET_PATH,
    },
    warn,
  );
  // With HTTPS, one port speaks both: TLS for the LAN, plain HTTP for http://localhost through adb reverse.
  const polyglot = useHttps ? polyglotServer(http, await loadOrCreateCertificate(dataDir)) : undefined;
  const front: NetServer = polyglot?.server ?? http;
  // Behind a trusted proxy every TCP connection comes from the proxy: a per-peer ceiling would cap the
  // whole venue, so only the socket-level gate (per forwarded address) counts there.
  if (!trustProxy) capConnections(front, options.maxConnectionsPerAddress ?? MAX_CONNECTIONS_PER_ADDRESS, warn);
  const limiter = new RateLimiter(() => show.now());
  const gate = new AddressGate(limiter, () => show.now(), trustProxy);
  const devices = new DeviceIdentities(options.deviceSecret ?? loadOrCreateDeviceSecret(dataDir, warn));
  const helloTimeout = options.helloTimeout ?? HELLO_TIMEOUT;
  const io: ShowServer = new Server(http, {
    path: SOCKET_PATH.slice(0, -1),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    // Connections per address capped before Engine.IO allocates a session; one that never joins the
    // namespace is closed after the hello timeout too.
    allowRequest: gate.allowRequest,
    connectTimeout: helloTimeout * 1000,
    // The heartbeat doubles as the latency probe on the operator's console, and finds dead walls quickly.
    pingInterval: 10_000,
    pingTimeout: 10_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  const clients = new ClientRegistry();
  const requests = new ShowRequests(show, limiter);
  let clientsTimer: ReturnType<typeof setTimeout> | undefined;
  const clientsChanged = () => {
    // At most twice a second, and only while an operator is connected.
    if (clientsTimer) return;
    clientsTimer = setTimeout(() => {
      clientsTimer = undefined;
      // This process's clients, to this process's operators: with several processes each knows only its
      // own, and sending them through the adapter would have an operator's list flip between processes.
      io.local.to(OPERATOR_ROOM).emit('clients', clients.list());
    }, 500);
  };
  attachSockets({ io, show, requests, clients, limiter, devices, gate, helloTimeout, operatorGuard, trustProxy, errors: () => errors, warn, clientsChanged });

  // Every event the mirror applies, to this process's clients, one push per room per commit (broadcast.ts).
  const unsubscribe = broadcastLog(io, show, warn);
  // The terminal follows the show: stories, approvals, hidings, cues and glitches as they happen.
  const unjournal = options.quiet
    ? () => {}
    : show.subscribe((events) => {
        for (const e of events) {
          const line = journalLine(e, show.log, show.base());
          if (line) say(line);
        }
      });

  // Live edits: a valid version is appended (every screen plays it from its t); an invalid one changes
  // nothing on screen and goes to the terminal and the operators.
  let edits = Promise.resolve();
  const reload = () => {
    edits = edits
      .then(async () => {
        const result = compileFolder(installationDir);
        const wasBroken = errors.length > 0;
        errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (!result.installation) {
          warn(`installation has ${errors.length} error(s); the last good version keeps playing:\n${errors.map(formatDiagnostic).join('\n')}`);
          io.to(OPERATOR_ROOM).emit('installation:errors', errors);
          return;
        }
        if (wasBroken) io.to(OPERATOR_ROOM).emit('installation:errors', []);
        if (result.installation.version === show.current()?.version) return;
        const { event } = await show.append({ type: 'installation', installation: result.installation });
        say(`installation edited: version ${result.installation.version} plays from t=${event.t.toFixed(2)} (seq ${event.seq})`);
      })
      .catch((e: unknown) => warn(`could not apply the installation edit: ${e instanceof Error ? e.message : String(e)}`));
  };
  const stopWatching =
    options.watch === false
      ? () => {}
      : watchInstallation(installationDir, reload, { onError: (e) => warn(`watching ${installationDir} stopped: ${e.message}`) });
  const sweep = setInterval(() => (limiter.sweep(), gate.sweep()), 60_000);
  sweep.unref();

  let address;
  try {
    address = await listen(front, port, host);
  } catch (e) {
    stopWatching();
    clearInterval(sweep);
    show.close();
    await store.close();
    throw e;
  }
  // After listening, an accept failure (e.g. out of file descriptors) is an 'error' event: logged, not fatal.
  front.on('error', (e) => warn(`the server socket: ${e.message}`));
  const scheme = useHttps ? 'https' : 'http';
  const hosts = host === '0.0.0.0' || host === '::' ? [...lanAddresses(), 'localhost'] : [host];
  const bases = hosts.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${address.port}`);
  if (!options.quiet && options.announce !== false) {
    const joinCode = show.current()?.spec.audience.joinCode;
    const walls = Object.keys(show.current()?.spec.displays.walls ?? {});
    say(await announcement({ bases, operatorToken, port: address.port, walls, ...(joinCode ? { joinCode } : {}) }));
  }

  let closing: Promise<void> | undefined;
  return {
    url: bases[0] as string,
    port: address.port,
    get operatorToken() {
      return operatorToken;
    },
    setOperatorToken(token) {
      operatorToken = token;
      operatorGuard.setToken(token);
    },
    now: () => show.now(),
    close: () =>
      (closing ??= (async () => {
        stopWatching();
        clearInterval(sweep);
        if (clientsTimer) clearTimeout(clientsTimer);
        unsubscribe();
        unjournal();
        await edits;
        await new Promise<void>((done) => {
          // io.close() closes the HTTP server too (with HTTPS, `front` is the listening one).
          io.close(() => (front === http ? done() : front.close(() => done())));
          http.closeAllConnections();
          polyglot?.destroyConnections();
        });
        show.close();
        await store.close();
      })()),
  };
}
