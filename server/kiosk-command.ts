import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WALL_ID, WALL_ID_RULE } from '../src/core/ids.ts';
import { CHROMIUM } from './chromium-path.ts';
import type { KioskOptions } from './kiosk.ts';
import { WATCH_DEFAULTS } from './kiosk-watch.ts';

export const KIOSK_USAGE = `  meshwork kiosk <url> | --display <wall> [--server URL] [--chromium PATH] [--profile DIR]
                 [--stall S] [--start S] [--headless] [-- <chromium flags>]
                                  run Chromium full screen on one page as an unattended wall: sound without a
                                  tap, no first-run, translate or crash bubbles, screen kept awake; started
                                  again when it crashes or its page stops drawing (--stall, default ${WATCH_DEFAULTS.stallSeconds} s;
                                  --start: time to the first frame, default ${WATCH_DEFAULTS.startSeconds} s);
                                  --display north opens <server>/?display=north (default server
                                  http://localhost:8080); --chromium (or MESHWORK_CHROMIUM), default ${CHROMIUM};
                                  --profile: the browser's own folder, default ~/.meshwork/kiosk/<wall or host>`;

const VALUED = new Set(['--display', '--server', '--chromium', '--profile', '--stall', '--start']);

export type KioskConfig = Omit<KioskOptions, 'log' | 'onStart'>;

/** The flags of `meshwork kiosk`, resolved (the one place they are read), or what is wrong with them. */
export function kioskConfig(args: readonly string[], home: string = homedir()): KioskConfig | { readonly error: string } | { readonly help: true } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let headless = false;
  const sep = args.indexOf('--');
  const own = sep >= 0 ? args.slice(0, sep) : args;
  const extraArgs = sep >= 0 ? args.slice(sep + 1) : [];
  for (let i = 0; i < own.length; i++) {
    const a = own[i] as string;
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--headless') headless = true;
    else if (VALUED.has(a)) {
      const v = own[++i];
      if (v === undefined || v.startsWith('--')) return { error: `${a} needs a value` };
      flags.set(a, v);
    } else if (a.startsWith('-')) return { error: `unknown option ${a} (meshwork kiosk --help lists them; Chromium's own flags go after --)` };
    else positional.push(a);
  }
  const display = flags.get('--display');
  if (positional.length > 1) return { error: `one address, not ${positional.length}: ${positional.join(' ')}` };
  if (display !== undefined && positional.length > 0) return { error: 'give an address or --display <wall>, not both' };
  if (display === undefined && positional.length === 0) return { error: 'which page? e.g. meshwork kiosk --display north --server http://192.168.1.10:8080' };
  if (display !== undefined && !WALL_ID.test(display)) return { error: `--display ${display}: wall ids are ${WALL_ID_RULE}, e.g. north` };
  if (display === undefined && flags.has('--server')) return { error: '--server goes with --display <wall>; an address already names its server' };
  let url: URL;
  const given = display !== undefined ? (flags.get('--server') ?? 'http://localhost:8080') : (positional[0] as string);
  try {
    url = new URL(given);
  } catch {
    return { error: `${given} is not an address: give one such as http://192.168.1.10:8080${display !== undefined ? '' : '/?display=north'}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `${given}: the kiosk opens http:// or https:// addresses` };
  if (display !== undefined) {
    url.pathname = '/';
    url.search = `?display=${display}`;
  }
  const seconds = (name: string, fallback: number): number | string => {
    const v = flags.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : `${name} ${v}: expected a number of seconds above 0`;
  };
  const stallSeconds = seconds('--stall', WATCH_DEFAULTS.stallSeconds);
  const startSeconds = seconds('--start', WATCH_DEFAULTS.startSeconds);
  if (typeof stallSeconds === 'string') return { error: stallSeconds };
  if (typeof startSeconds === 'string') return { error: startSeconds };
  const name = display ?? url.hostname.replace(/[^A-Za-z0-9.-]/g, '_');
  return {
    url: url.href,
    chromium: flags.get('--chromium') ?? CHROMIUM,
    profileDir: flags.get('--profile') ?? join(home, '.meshwork', 'kiosk', name),
    headless,
    extraArgs,
    stallSeconds,
    startSeconds,
  };
}

/** `meshwork kiosk`: runs until SIGINT or SIGTERM (systemd's stop). Returns the exit code. */
export async function kioskCommand(args: readonly string[]): Promise<number> {
  const config = kioskConfig(args);
  if ('help' in config) {
    console.log(`usage:\n${KIOSK_USAGE}`);
    return 0;
  }
  if ('error' in config) {
    console.error(`meshwork kiosk: ${config.error}`);
    return 1;
  }
  try {
    accessSync(config.chromium, constants.X_OK);
  } catch {
    console.error(`meshwork kiosk: no browser at ${config.chromium}: install Chromium (apt install chromium) or give --chromium <path>`);
    return 1;
  }
  const url = new URL(config.url);
  if (url.protocol === 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    // The show server's certificate is its own (self-signed): a kiosk would stop at Chromium's warning page,
    // with no one to click through it. The same port answers plain HTTP.
    console.log(
      `kiosk: note: if ${url.host} uses meshwork serve's own certificate, open http://${url.host}${url.pathname}${url.search} instead: a wall needs no HTTPS`,
    );
  }
  // Loaded here: playwright-core is not needed by the CLI's other commands.
  const { runKiosk } = await import('./kiosk.ts');
  const kiosk = runKiosk({ ...config, log: (line) => console.log(`kiosk: ${line}`) });
  const stop = () => void kiosk.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await kiosk.done;
  return 0;
}
