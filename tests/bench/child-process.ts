import type { ChildProcess } from 'node:child_process';
import { nowMs } from './fanout/messages.ts';

/** The next message of a bench's child process that `accept` takes; fails when the child exits first or
 * nothing comes within `timeoutMs` (`what` names what was awaited). */
export function nextMessage<M>(child: ChildProcess, accept: (m: M) => boolean, timeoutMs: number, what: string): Promise<M> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: M) => {
      if (!accept(m)) return;
      done();
      resolve(m);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`a bench process exited (${code}) while waiting for ${what}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Fails the run unless the child reads the same clock as the bench (see nowMs in fanout/messages.ts):
 * latencies are measured across processes. */
export async function checkClock(child: ChildProcess): Promise<void> {
  const before = nowMs();
  const reply = nextMessage<{ type: string; nowMs?: number }>(child, (m) => m.type === 'clock', 30_000, 'a clock reading');
  child.send({ type: 'clock' });
  const theirs = (await reply).nowMs ?? Number.NaN;
  const after = nowMs();
  if (!(theirs >= before && theirs <= after)) {
    throw new Error(
      `a child process reads another clock (${theirs} ms, not within ${before}..${after}): process.hrtime is not system-wide here (it is CLOCK_MONOTONIC on Linux); latencies across processes cannot be measured`,
    );
  }
}
