import type { z } from 'zod';
import type { ErrorCode, ErrorReply, Refusal } from '../src/net/protocol.ts';
import type { Seconds } from '../src/core/units.ts';

/** Error replies a person can act on: what was wrong, and a hint on what to do. */
export function fail(code: ErrorCode, error: string, hint?: string, retryAfter?: Seconds): ErrorReply {
  return { ok: false, code, error, ...(hint ? { hint } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

/** A refusal a page says in its own language: `fail` plus the stable `reason` and the values its text
 * fills in (src/net/protocol.ts REFUSALS). */
export function refuse(
  code: ErrorCode,
  reason: Refusal,
  error: string,
  hint?: string,
  values?: Readonly<Record<string, string | number>>,
  retryAfter?: Seconds,
): ErrorReply {
  return { ...fail(code, error, hint, retryAfter), reason, ...(values ? { values } : {}) };
}

/** A message that does not match its schema: every problem, with the field it is in. */
export function invalid(event: string, error: z.ZodError, hint: string): ErrorReply {
  const problems = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return fail('invalid', `${event} was not accepted: ${problems.join('; ')}${more}`, hint);
}

export function rateLimited(what: string, retryAfter: Seconds): ErrorReply {
  const wait = Math.max(0.1, Math.ceil(retryAfter * 10) / 10);
  return fail('rate-limited', `too many ${what}: wait ${wait} s`, `try again in ${Math.ceil(wait)} s`, wait);
}
