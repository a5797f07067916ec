import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { createHttpServer, listen } from '../../server/http.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { launchChromium, type Browser, type LaunchOptions } from './browser.ts';

export const DEMO = 'installations/upcycling-rite';

export function demoInstallation(folder = DEMO): Installation {
  const result = compileFolder(folder);
  if (!result.installation) throw new Error(`${folder} does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.installation;
}

/**
 * Stories told during the Rite, in four scripts, each approved by the operator (the demo moderates before
 * display). At t=95 all of them are on display, the newest fading in.
 */
export function demoStories(): ShowEvent[] {
  const told: { id: string; material: string; emotion: string; lang: string; text: string; t: number }[] = [
    {
      id: 'story-raincoat',
      material: 'pfas-raincoat',
      emotion: 'grief',
      lang: 'en',
      t: 58,
      text: 'My son wore it every winter. Now the river has the same word in it.',
    },
    {
      id: 'story-crt',
      material: 'crt-glass',
      emotion: 'care',
      lang: 'pt-BR',
      t: 66,
      text: 'A televisão da minha avó ficou no quintal por anos. Ninguém sabia do chumbo.',
    },
    { id: 'story-tiles', material: 'radium-tiles', emotion: 'anger', lang: 'ar', t: 74, text: 'قالوا إن البلاط آمن، ثم أغلقوا المصنع.' },
    { id: 'story-steel', material: 'galvanised-steel', emotion: 'hope', lang: 'el', t: 84, text: 'Κράτησα το κάγκελο. Η σκουριά έφυγε, η σκόνη όχι.' },
  ];
  const events: ShowEvent[] = [];
  let seq = 0;
  for (const s of told) {
    events.push({ type: 'story', id: s.id, text: s.text, emotion: s.emotion, material: s.material, lang: s.lang, consent: true, seq: ++seq, t: s.t - 3 });
    events.push({ type: 'story-approved', id: s.id, seq: ++seq, t: s.t });
  }
  return events;
}

export interface ShowServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The log the snapshot holds. Default none. */
  readonly events?: readonly ShowEvent[];
  /** The server's time in the snapshot (seconds). Default 0. */
  readonly serverTime?: number;
  /** Default: the demo, compiled from its folder. */
  readonly installation?: Installation;
}

/** The built client and a fixed snapshot, served on a free port (the client is built once if stale). */
export async function serveShow(options: ServeOptions = {}): Promise<ShowServer> {
  const { dir } = await ensureClientBuilt();
  const installation = options.installation ?? demoInstallation();
  const server = createHttpServer({
    distDir: dir,
    installationDir: DEMO,
    snapshot: () => ({ installation, events: options.events ?? [], serverTime: options.serverTime ?? 0 }),
  });
  const address: AddressInfo = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Time for the client build (when stale) and a cold Chromium on a loaded machine. */
const START_TIMEOUT_MS = 240_000;

/**
 * A show served by serveShow and one Chromium, for a whole test file: both started before its tests and
 * closed after them. `show` and `browser` may be kept at once (`const { show, browser } = ...`): they stand
 * for the ones started, and throw if used before beforeAll ran. `serve` may be a function, so that an
 * installation is built inside the hook (with its timeout) rather than while the file is collected.
 */
export function showAndBrowser(
  serve: ServeOptions | (() => ServeOptions) = {},
  launch: LaunchOptions = {},
): { readonly show: ShowServer; readonly browser: Browser } {
  let started: { show?: ShowServer; browser?: Browser } = {};
  const need = <K extends keyof typeof started>(key: K): NonNullable<(typeof started)[K]> => {
    const value = started[key];
    if (!value) throw new Error(`the test's ${key} starts in beforeAll: use it inside a test`);
    return value;
  };
  beforeAll(async () => {
    started.show = await serveShow(typeof serve === 'function' ? serve() : serve);
    started.browser = await launchChromium(launch);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    const { show, browser } = started;
    started = {};
    await browser?.close();
    await show?.close();
  });
  return {
    show: {
      get url() {
        return need('show').url;
      },
      get server() {
        return need('show').server;
      },
      close: () => need('show').close(),
    },
    browser: {
      get context() {
        return need('browser').context;
      },
      close: () => need('browser').close(),
    },
  };
}

export function hook(page: Page): Promise<MeshworkHook | undefined> {
  return page.evaluate(() => (window as { __meshwork?: MeshworkHook }).__meshwork);
}

/** Waits until the page has drawn its first complete frame (or reported an error, which fails the wait). */
export async function waitReady(page: Page, timeoutMs = 90_000): Promise<MeshworkHook> {
  await page.waitForFunction(
    () => {
      const h = (window as { __meshwork?: MeshworkHook }).__meshwork;
      return h?.ready === true || h?.error !== undefined;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  const h = await hook(page);
  if (!h || h.error) throw new Error(`the page reported an error: ${h?.error}`);
  return h;
}
