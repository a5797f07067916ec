import { readdirSync, readFileSync } from 'node:fs';

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
