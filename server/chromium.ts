import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './chromium-path.ts';

/** Debian's Chromium (chromium-path.ts), driven by playwright-core. */
export { CHROMIUM };

/** Flags verified on this kind of machine (shared field notes): WebGL2 through SwiftShader, no
 * background traffic on a closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchOptions {
  readonly width?: number;
  readonly height?: number;
  /** Extra Chromium flags. */
  readonly args?: readonly string[];
  readonly ignoreHTTPSErrors?: boolean;
  /** Let pages start audio without a gesture, as a kiosk does. Default true; false gives what a visitor's
   * browser gives a page: sound off until the first tap. */
  readonly autoplay?: boolean;
  /** The browser's language (navigator.language(s) and Accept-Language), e.g. "ja-JP". Default: Chromium's. */
  readonly locale?: string;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile in a temporary folder, removed on close. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS.filter((a) => options.autoplay !== false || !a.startsWith('--autoplay-policy=')), ...(options.args ?? [])],
    viewport: { width: options.width ?? 640, height: options.height ?? 360 },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
