import { EventLog } from '../../src/core/event-log.ts';
import { showAt } from '../../src/core/show.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import { syntheticInstallation, syntheticLog } from '../fixtures/synthetic.ts';
import { table, timeMedian } from './stats.ts';

/**
 * showAt per frame against the size of the log and of the data. Baseline in the same run: the 1k-event log
 * (the goal: 100k costs at most 2x of it), and the naive way, re-indexing the whole array every frame.
 */
export async function run(): Promise<void> {
  const rows = 28;
  const installation = syntheticInstallation(rows);
  // The same event rate (10 per second: a busy room) for every size, so the number of active events at a
  // frame is the same and only the history grows: 1k events is a 100 s show, 100k a 2.8 h one.
  const rate = 10;
  const sizes = [1_000, 10_000, 100_000];
  const setups = sizes.map((n) => {
    const showSeconds = n / rate;
    const events = syntheticLog(n, showSeconds, rows);
    const log = EventLog.from(events);
    // Frames in the last minute of the show, where the log is full: t moves like a 60 Hz display.
    let k = 0;
    const frameT = () => showSeconds - 60 + (k++ % 3600) / 60;
    return { n, showSeconds, events, log, frameT, rounds: [] as number[] };
  });
  // Rounds that take every size in turn, so neither the JIT's warm-up nor a burst of load on the shared
  // machine favours one size: the figure per size is its median over the rounds.
  for (const s of setups) timeMedian(() => void showAt(installation, s.log, s.frameT()), { inner: 500 });
  for (let round = 0; round < 5; round++) {
    for (const s of setups) s.rounds.push(timeMedian(() => void showAt(installation, s.log, s.frameT()), { warmup: 20, runs: 11, inner: 500 }));
  }
  const results = setups.map(({ n, showSeconds, events, log, frameT, rounds }) => {
    const naive = timeMedian(() => void showAt(installation, events, frameT()), { warmup: 3, runs: 7, inner: n >= 100_000 ? 2 : 10 });
    const st = showAt(installation, log, showSeconds - 30);
    const sorted = [...rounds].sort((a, b) => a - b);
    return { n, indexed: sorted[Math.floor(sorted.length / 2)] as number, naive, active: st.bursts.length + st.stories.length + st.recentReactions };
  });
  const base = results[0]?.indexed ?? 1;
  table(
    "showAt per frame vs log size (28 rows, 10 events/s, frames in the show's last minute)",
    ['events in log', 'active at a frame', 'showAt ms/frame', 'ratio to 1k (goal <= 2x)', 'naive: re-index per frame, ms', 'naive / indexed'],
    results.map((r) => [r.n.toLocaleString('en'), r.active, r.indexed, `${(r.indexed / base).toFixed(2)}x`, r.naive, `${(r.naive / r.indexed).toFixed(0)}x`]),
  );

  const rowResults: { rows: number; frame: number; encode: number }[] = [];
  for (const rowsN of [24, 240, 2_400, 24_000]) {
    const inst = syntheticInstallation(rowsN);
    const log = EventLog.from(syntheticLog(1_000, 600, rowsN));
    let k = 0;
    const frame = timeMedian(() => void showAt(inst, log, 540 + (k++ % 600) / 60), { inner: 500 });
    const encode = timeMedian(() => void encodeSculptures({ ...inst }), { warmup: 2, runs: 7, inner: rowsN > 2000 ? 1 : 10 });
    rowResults.push({ rows: rowsN, frame, encode });
  }
  const rb = rowResults[0]?.frame ?? 1;
  table(
    'showAt per frame vs data rows (1k events); encoding runs once per installation version',
    ['data rows', 'showAt ms/frame', 'ratio to 24 rows', 'encode ms (once per version)'],
    rowResults.map((r) => [r.rows.toLocaleString('en'), r.frame, `${(r.frame / rb).toFixed(2)}x`, r.encode]),
  );
}
