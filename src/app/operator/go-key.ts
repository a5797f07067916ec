/**
 * The GO key: space fires the next cue from anywhere on the console, as on a lighting or sound desk, except
 * where space types (a text box). On a focused button space is GO as well, not a click of that button: an
 * operator's thumb on the space bar must never hide a story or end the show. A second GO within
 * DOUBLE_GO_MS of the first is refused (a double press would skip a phase).
 */
export const DOUBLE_GO_MS = 1000;

interface KeyLike {
  readonly code: string;
  readonly key: string;
  readonly repeat: boolean;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly target: unknown;
}

/** Where space types or moves a value rather than firing GO. */
export function typesText(target: unknown): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target) || typeof target.tagName !== 'string') return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || ('isContentEditable' in target && target.isContentEditable === true)) return true;
  if (tag !== 'INPUT') return false;
  const type = 'type' in target && typeof target.type === 'string' ? target.type.toLowerCase() : 'text';
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** Is this key press a GO? (Space, no modifier, not a held-down repeat, not in a text box.) */
export function isGoKey(e: KeyLike): boolean {
  const space = e.code === 'Space' || e.key === ' ';
  return space && !e.repeat && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && !typesText(e.target);
}

/** Refuses a GO that follows the last accepted one too closely. `nowMs` is any monotonic clock. */
export class DoubleGoGuard {
  private last = -Infinity;
  constructor(private readonly gapMs = DOUBLE_GO_MS) {}

  /** True when this GO may fire (and it counts as the last one). */
  take(nowMs: number): boolean {
    if (nowMs - this.last < this.gapMs) return false;
    this.last = nowMs;
    return true;
  }
}
