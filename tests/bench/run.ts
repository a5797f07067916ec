/** `npm run bench`: every benchmark, each printing a table of ratios against a baseline measured in the
 * same run (the machines are shared and noisy, so absolute times are context, not the result). */
interface Bench {
  readonly name: string;
  readonly run: () => Promise<void>;
}

const BENCHES: readonly Bench[] = [
  { name: 'show', run: async () => (await import('./show.bench.ts')).run() },
  { name: 'clock', run: async () => (await import('./clock.bench.ts')).run() },
  { name: 'fanout', run: async () => (await import('./fanout.bench.ts')).run() },
  { name: 'particles', run: async () => (await import('./particles.bench.ts')).run() },
  { name: 'sound', run: async () => (await import('./sound.bench.ts')).run() },
];

export async function runBenchmarks(names: readonly string[]): Promise<number> {
  const chosen = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;
  if (chosen.length === 0) {
    console.error(`no benchmark named ${names.join(', ')}; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 1;
  }
  for (const b of chosen) await b.run();
  return 0;
}
