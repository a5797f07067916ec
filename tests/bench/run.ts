/** `npm run bench`: every benchmark, each printing a table of ratios against a baseline measured in the
 * same run (the machines are shared and noisy, so absolute times are context, not the result). */
/** Options given on the command line after the names (only the benchmarks that take one read it). */
export interface BenchOptions {
  /** `--minutes N`: how long the soak's show lasts. */
  readonly minutes?: number;
  /** `--baseline DIR`: a built client (e.g. an older commit's) that the wall and scripts benches measure beside this one. */
  readonly baseline?: string;
}

interface Bench {
  readonly name: string;
  readonly run: (options: BenchOptions) => Promise<void>;
  /** Left out of a run of every benchmark (`npm run bench`): ask for it by name. */
  readonly onlyByName?: boolean;
}

const BENCHES: readonly Bench[] = [
  { name: 'show', run: async () => (await import('./show.bench.ts')).run() },
  { name: 'clock', run: async () => (await import('./clock.bench.ts')).run() },
  { name: 'fanout', run: async () => (await import('./fanout.bench.ts')).run() },
  { name: 'particles', run: async () => (await import('./particles.bench.ts')).run() },
  { name: 'sound', run: async () => (await import('./sound.bench.ts')).run() },
  { name: 'film', run: async () => (await import('./film.bench.ts')).run() },
  // A live wall, a story in a script it has not drawn: send to glyphs (issue 11's "within 1 s on a LAN").
  { name: 'scripts', run: async (o) => (await import('./new-script.bench.ts')).run(o) },
  // A killed wall opened again: new page to its first complete frame (issue 10's "back within 5 s").
  { name: 'wall', run: async (o) => (await import('./wall.bench.ts')).run(o) },
  // Ten minutes of a show: run on purpose (`npm run bench -- soak`, `--minutes 2` to try it).
  { name: 'soak', run: async (o) => (await import('./soak.bench.ts')).run(o), onlyByName: true },
];

export async function runBenchmarks(args: readonly string[]): Promise<number> {
  const names: string[] = [];
  let options: BenchOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--minutes' || a.startsWith('--minutes=')) {
      const raw = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      const minutes = Number(raw);
      if (!(minutes > 0)) {
        console.error(`--minutes: expected a number of minutes above 0, got "${raw ?? ''}" (e.g. --minutes 2)`);
        return 1;
      }
      options = { ...options, minutes };
    } else if (a === '--baseline' || a.startsWith('--baseline=')) {
      const dir = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!dir) {
        console.error('--baseline: expected the folder of a built client (e.g. npx vite build --outDir /tmp/base on an older commit)');
        return 1;
      }
      options = { ...options, baseline: dir };
    } else if (a.startsWith('--')) {
      console.error(`unknown option ${a}; the benchmarks take --minutes N (soak) and --baseline DIR (wall, scripts)`);
      return 1;
    } else names.push(a);
  }
  const chosen = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES.filter((b) => !b.onlyByName);
  if (chosen.length === 0) {
    console.error(`no benchmark named ${names.join(', ')}; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 1;
  }
  for (const b of chosen) await b.run(options);
  return 0;
}
