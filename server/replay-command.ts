import { MAX_RATE, MIN_RATE } from '../src/core/transport.ts';
import { operatorLink } from './announce.ts';
import { ensureClientBuilt } from './build-client.ts';
import { assetsFlag, numberFlag, parseArgs, readArchiveFile } from './command-args.ts';
import { startReplayServer } from './replay-server.ts';

export const REPLAY_USAGE = `usage: meshwork replay <archive.json> [--port 8080] [--host 127.0.0.1] [--assets <folder>] [--at <seconds>] [--speed 1] [--paused]
  serves a past show from its archive alone (installation, data and log inside it) to every screen, as the
  room saw it: headsets and desktops at /, walls at /?display=<wall>, the console at /operator. The server
  keeps the transport (play, pause, seek, speed ${MIN_RATE}x to ${MAX_RATE}x) and every screen follows it together;
  the console and the desktop page's bar (opened with the printed link, which carries the token) drive it.
  --assets: the installation folder with the archive's models and audio files, if it has any;
  --at: start there (show seconds, default the show's start); --paused: wait for play; --host 0.0.0.0: serve
  the venue network (plain HTTP)`;
const VALUED = new Set(['--port', '--host', '--assets', '--at', '--speed']);

/** `meshwork replay`: serves the archive until Ctrl-C. Returns the exit code. */
export async function replayCommand(args: readonly string[], env: { readonly MESHWORK_OPERATOR_TOKEN?: string } = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(REPLAY_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, { valued: VALUED, switches: new Set(['--paused']) });
  if (!parsed.ok) return fail(parsed.error);
  const { flags, positional } = parsed;
  const [file, ...extra] = positional;
  if (!file || extra.length > 0) return fail(file ? 'one archive at a time' : 'which archive? e.g. meshwork replay rite-archive.json');
  const read = readArchiveFile(file);
  if (!read.ok) return fail(read.error);
  const number = (name: string) => numberFlag(flags, name);
  const port = number('--port') ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port ${flags.get('--port')}: expected a port number 0-65535 (0 picks a free one)`);
  const at = number('--at');
  if (at !== undefined && !Number.isFinite(at)) return fail(`--at ${flags.get('--at')}: expected seconds on the show clock, e.g. --at 95`);
  const speed = number('--speed') ?? 1;
  if (!(speed >= MIN_RATE && speed <= MAX_RATE)) return fail(`--speed ${flags.get('--speed')}: expected a rate from ${MIN_RATE} to ${MAX_RATE}`);
  const assets = assetsFlag(flags);
  if (!assets.ok) return fail(assets.error);
  try {
    await ensureClientBuilt({ log: (m) => console.log(m) });
  } catch (e) {
    console.error(`meshwork replay: the client could not be built: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 1;
  }
  const server = await startReplayServer({
    archive: read.archive,
    port,
    host: flags.get('--host') ?? '127.0.0.1',
    start: { ...(at !== undefined ? { t: at } : {}), playing: !flags.has('--paused'), rate: speed },
    ...(assets.folder !== undefined ? { assetsDir: assets.folder } : {}),
    ...(env.MESHWORK_OPERATOR_TOKEN ? { operatorToken: env.MESHWORK_OPERATOR_TOKEN } : {}),
    warn: (m) => console.warn(m),
  });
  const { spec } = read.archive.installation;
  const tr = server.transport();
  const lines = [
    '',
    `Replaying "${spec.title}" from ${file}: ${Math.round(tr.to - tr.from)} s of show, ${tr.playing ? `playing at ${tr.rate}x` : 'paused'} from t=${tr.t0.toFixed(1)}.`,
    '',
    `  this desktop (with the transport bar)  ${server.url}/#token=${encodeURIComponent(server.operatorToken)}`,
    `  headsets, other desktops               ${server.url}/`,
    ...Object.keys(spec.displays.walls).map((id) => `  wall ${id.padEnd(34)}${server.url}/?display=${encodeURIComponent(id)}`),
    `  console                                ${operatorLink(server.url, server.operatorToken)}`,
    '',
  ];
  console.log(lines.join('\n'));
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stopped;
  console.log('\nstopping the replay');
  await server.close();
  return 0;
}

function fail(message: string): number {
  console.error(`meshwork replay: ${message}\n${REPLAY_USAGE}`);
  return 1;
}
