import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux everywhere in practice). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by the processes descended from `rootPid` (e.g. the Chromium a
 * benchmark launched), from /proc. On a shared machine wall time swings with other people's load; the CPU a
 * render consumes does not. Linux only: elsewhere it returns NaN and benchmarks report wall time alone.
 */
export function descendantsCpuSeconds(rootPid: number = process.pid): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return Number.NaN;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(e), Number(fields[1]));
      ticks.set(Number(e), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === rootPid) {
        total += t;
        break;
      }
    }
  }
  return total / TICKS_PER_SECOND;
}

/**
 * MESHWORK_BENCH_PRIORITY=<-20..19>: the scheduling priority (nice) a benchmark gives the processes it
 * starts (servers and clients), e.g. -5 on a machine shared with other work, so that what is measured is
 * the server rather than its wait for a core. Unset: they keep the default (0). Lowering it below 0 needs
 * the privilege to (root, or CAP_SYS_NICE); the benchmark says when it could not.
 */
export function benchPriority(pid: number | undefined): void {
  const raw = process.env.MESHWORK_BENCH_PRIORITY;
  if (raw === undefined || pid === undefined) return;
  const priority = Number(raw);
  if (!Number.isInteger(priority) || priority < -20 || priority > 19)
    throw new Error(`MESHWORK_BENCH_PRIORITY: expected a whole number from -20 to 19, got "${raw}"`);
  try {
    setPriority(pid, priority);
  } catch (e) {
    console.warn(`could not set the priority of process ${pid} to ${priority}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
