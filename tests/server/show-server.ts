import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Hello, Reply, ServerToClientEvents, Welcome } from '../../src/net/protocol.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { startServer, type RunningServer, type ServerStartOptions } from '../../server/server.ts';

/** Test helpers: a real server on port 0 over a copy of the demo installation, and real socket.io clients. */

export const DEMO = join(import.meta.dirname, '../../installations/upcycling-rite');
export const TOKEN = 'test-operator-token';
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A fresh copy of the demo (optionally edited), in its own temp folder. */
export function demoCopy(edit?: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-show-'));
  cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('.meshwork') });
  if (edit) editYaml(dir, edit);
  return dir;
}

export function editYaml(dir: string, edit: (yaml: string) => string): void {
  const file = join(dir, 'installation.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

export async function startTestServer(dir: string, options: Partial<ServerStartOptions> = {}): Promise<RunningServer> {
  return startServer({ installationDir: dir, port: 0, host: '127.0.0.1', quiet: true, operatorToken: TOKEN, ...options });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A socket.io client that never shares its connection; `events` collects every broadcast it hears. */
export function connect(url: string, options: { reconnection?: boolean } = {}): Client & { heard: ShowEvent[] } {
  const socket = io(url, { forceNew: true, transports: ['websocket'], reconnection: options.reconnection ?? false }) as Client & { heard: ShowEvent[] };
  socket.heard = [];
  socket.on('events', (events) => socket.heard.push(...events));
  return socket;
}

let ids = 0;
export const clientId = (prefix = 'client'): string => `${prefix}-${process.pid}-${++ids}-${Math.random().toString(36).slice(2, 8)}`;

export async function hello(socket: Client, msg: Partial<Hello> & Pick<Hello, 'role'>): Promise<Reply<Welcome>> {
  return socket.timeout(5000).emitWithAck('hello', { clientId: clientId(msg.role), ...msg });
}

/** Connects and says hello; throws if refused. */
export async function joinShow(url: string, msg: Partial<Hello> & Pick<Hello, 'role'>): Promise<{ socket: Client & { heard: ShowEvent[] }; welcome: Welcome }> {
  const socket = connect(url);
  const r = await hello(socket, msg);
  if (!r.ok) throw new Error(`hello refused: ${r.error}`);
  return { socket, welcome: r };
}

export const operator = (url: string) => joinShow(url, { role: 'operator', token: TOKEN });

/** Waits until `check` is true, polling every 5 ms (for broadcasts). */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const story = (id: string, text = 'The dye ran into the river the year I was born.', extra: Record<string, unknown> = {}) => ({
  id,
  text,
  emotion: 'grief',
  material: firstMaterial(),
  lang: 'en',
  consent: true,
  ...extra,
});

let material: string | undefined;
export function firstMaterial(): string {
  if (!material) {
    const csv = readFileSync(join(DEMO, 'materials.csv'), 'utf8');
    const [header, row] = csv.split(/\r?\n/);
    const idCol = (header ?? '').split(',').indexOf('id');
    material = (row ?? '').split(',')[idCol] as string;
  }
  return material;
}

/** One real server for a whole test file (or describe block), over a fresh copy of the demo (optionally
 * edited): started before its tests, and closed after them together with every client they kept, and its
 * folder removed. `options` may be worked out from the copy's folder (a data folder or a served site inside
 * it); the watcher is off unless asked for. Hooks a file adds after this one run before its close. */
export function showForFile(
  edit?: (yaml: string) => string,
  options: Partial<ServerStartOptions> | ((dir: string) => Partial<ServerStartOptions>) = {},
): {
  readonly server: RunningServer;
  readonly dir: string;
  keep<T extends { socket: Client }>(joined: T): T;
  keepSocket<S extends Client>(socket: S): S;
} {
  let dir: string | undefined;
  let server: RunningServer | undefined;
  const sockets: Client[] = [];
  beforeAll(async () => {
    dir = demoCopy(edit);
    server = await startTestServer(dir, { watch: false, ...(typeof options === 'function' ? options(dir) : options) });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    if (dir) removeDir(dir);
  });
  return {
    get server() {
      if (!server) throw new Error('the test server starts in beforeAll: use it inside a test');
      return server;
    },
    get dir() {
      if (!dir) throw new Error('the demo copy is made in beforeAll: use it inside a test');
      return dir;
    },
    keep: (joined) => (sockets.push(joined.socket), joined),
    keepSocket: (socket) => (sockets.push(socket), socket),
  };
}
