import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readArchive } from '../src/core/archive.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { fontCatalogue } from './font-catalogue.ts';
import { compileFolder } from './installation-folder.ts';
import { uncoveredStoryWarnings } from './text-coverage.ts';
import { installationJsonSchema } from './json-schema.ts';
import { schemaReference, withReference } from './schema-reference.ts';
import { KIOSK_USAGE } from './kiosk-command.ts';
import { serve, SERVE_USAGE } from './serve-command.ts';

const USAGE = `meshwork: immersive, data-driven installations on the web

  meshwork check [folder ...]     validate installations (default: every folder in installations/), or archive
                                  files (.json from the console's Export archive)
  meshwork schema [--out file]    write the JSON Schema editors use (default installations/installation.schema.json)
                                  and the reference in README.md
  meshwork bench [name ...] [--minutes N] [--baseline <dist folder>]
                                  run the benchmarks and print their tables (soak: by name only, N minutes of a show;
                                  wall: a killed wall opened again, beside a baseline build when given)
${SERVE_USAGE}
${KIOSK_USAGE}
  meshwork render <folder | archive.json> --t <seconds> --out <file.png> [--display <wall>] [--width 1280] [--height 720]
                                  render one frame of the show at time t to a PNG (Chromium)
  meshwork replay <archive.json> [--port 8080] [--host 127.0.0.1] [--assets <folder>] [--at <seconds>] [--speed 1] [--paused]
                                  serve a past show from its archive to every screen, with play, pause,
                                  seek and speed on the console and the desktop page
  meshwork film <archive.json> --from 0 --to 540 [--fps 30] [--size 1920x1080] [--display <wall>] --out rite.webm
                                  a film of a past show: frames at exact t, the sound rendered offline (ffmpeg)
  meshwork archive <archive.json> --out <folder> [--stills 6] [--display <wall>]
                                  write the archive as a page anyone can open offline (index.html, stills)
`;

/** The CLI. Returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  // Every command's --help prints the usage and exits, whatever else is on the line (serve, archive, kiosk
  // and replay print their own, longer one).
  if (
    command !== 'serve' &&
    command !== 'archive' &&
    command !== 'kiosk' &&
    command !== 'replay' &&
    command !== 'film' &&
    (args.includes('--help') || args.includes('-h'))
  ) {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'check':
      return check(args);
    case 'serve':
      return serve(args);
    case 'show-process': {
      // Not for people: the show server's own process, started by `meshwork serve` (supervisor.ts).
      const { runShowProcess } = await import('./show-process.ts');
      return runShowProcess();
    }
    case 'schema': {
      const out = flag(args, '--out') ?? join('installations', 'installation.schema.json');
      const schema = installationJsonSchema();
      writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
      console.log(`wrote ${out}`);
      if (existsSync('README.md')) {
        const readme = readFileSync('README.md', 'utf8');
        const next = withReference(readme, schemaReference(schema));
        if (next !== readme) {
          writeFileSync('README.md', next);
          console.log('updated the reference in README.md');
        }
      }
      return 0;
    }
    case 'bench': {
      const { runBenchmarks } = await import('../tests/bench/run.ts');
      return runBenchmarks(args);
    }
    case 'archive': {
      const { archiveCommand } = await import('./archive-command.ts');
      return archiveCommand(args);
    }
    case 'replay': {
      const { replayCommand } = await import('./replay-command.ts');
      return replayCommand(args);
    }
    case 'film': {
      const { filmCommand } = await import('./film-command.ts');
      return filmCommand(args);
    }
    case 'kiosk': {
      const { kioskCommand } = await import('./kiosk-command.ts');
      return kioskCommand(args);
    }
    case 'render': {
      const { renderCommand } = await import('./render-command.ts');
      return renderCommand(args);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** An archive file (the console's Export archive): readable by this Meshwork, undamaged. Returns its error count. */
function checkArchive(file: string): number {
  const read = readArchive(readFileSync(file, 'utf8'), file);
  if (!read.ok) {
    console.log(`${file}: error ${read.error}\n    hint: ${read.hint}`);
    return 1;
  }
  const { installation, events } = read.archive;
  const stories = events.filter((e) => e.type === 'story').length;
  const warnings = uncoveredStoryWarnings(file, events, fontCatalogue().coverage);
  for (const d of warnings) console.log(formatDiagnostic(d));
  console.log(
    `${file}: ok (archive of "${installation.spec.title}", ${events.length} events, ${stories} kept stories, format version ${read.archive.formatVersion})${warnings.length ? `, ${warnings.length} warning(s)` : ''}`,
  );
  return 0;
}

function check(args: readonly string[]): number {
  const folders =
    args.length > 0
      ? args
      : existsSync('installations')
        ? readdirSync('installations', { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join('installations', d.name))
        : [];
  if (folders.length === 0) {
    console.error('no installation folder given: meshwork check installations/<name>');
    return 1;
  }
  let errors = 0;
  for (const dir of folders) {
    if (/\.json$/i.test(dir) && existsSync(dir) && statSync(dir).isFile()) {
      errors += checkArchive(dir);
      continue;
    }
    const result = compileFolder(dir);
    const errs = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warns = result.diagnostics.length - errs;
    errors += errs;
    for (const d of result.diagnostics) console.log(formatDiagnostic({ ...d, file: d.line > 0 || d.file !== dir ? join(relative('.', dir), d.file) : d.file }));
    if (result.installation) {
      const rows = Object.values(result.installation.data).reduce((a, t) => a + t.rows.length, 0);
      console.log(
        `${dir}: ok (${result.installation.spec.sculptures.length} sculpture(s), ${rows} data rows, ${result.installation.spec.phases.length} phases, version ${result.installation.version})${warns ? `, ${warns} warning(s)` : ''}`,
      );
    } else {
      console.log(`${dir}: ${errs} error(s)${warns ? `, ${warns} warning(s)` : ''}`);
    }
  }
  return errors > 0 ? 1 : 0;
}
