import type { SubmitStory } from '../../net/protocol.ts';
import { randomId, safeGet, safeSet, type KeyValueStore, type RandomBytes } from '../shared/ids.ts';

/**
 * The story a phone has sent and not yet seen answered. Rules it relies on:
 * - The id is chosen once, when the person presses Send, and kept with the exact message (in localStorage,
 *   so a reload keeps it too) until the server answers. A retry after a dropped connection sends the same
 *   id, and the server answers `duplicate` instead of storing a second copy.
 * - Any answer from the server settles it: accepted (shown, held, duplicate) or refused (the server stored
 *   nothing, so a later attempt is a new story with a new id).
 * - No answer (timeout, disconnect) does not settle it: it is sent again once the phone has joined again.
 */
export class Outbox {
  private current: SubmitStory | null;

  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly key = 'meshwork.outbox',
    private readonly random?: RandomBytes,
  ) {
    this.current = parsePending(safeGet(store, key));
  }

  /** The story waiting for an answer, if any. */
  get pending(): SubmitStory | null {
    return this.current;
  }

  /** Keeps a new story (with a fresh id) until it is answered, and returns it. While another one waits,
   * returns that one unchanged: one story at a time, and never a second id for the same press. */
  put(story: Omit<SubmitStory, 'id'>): SubmitStory {
    if (this.current) return this.current;
    const msg: SubmitStory = { ...story, id: randomId(16, this.random) };
    this.current = msg;
    safeSet(this.store, this.key, JSON.stringify(msg));
    return msg;
  }

  /** The server answered for `id`: forget it. An answer for another id (a late one) changes nothing. */
  settle(id: string): void {
    if (this.current?.id !== id) return;
    this.current = null;
    safeSet(this.store, this.key, null);
  }
}

function parsePending(text: string | null): SubmitStory | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<SubmitStory> | null;
    if (
      v &&
      typeof v.id === 'string' &&
      typeof v.text === 'string' &&
      typeof v.emotion === 'string' &&
      typeof v.material === 'string' &&
      typeof v.consent === 'boolean'
    ) {
      return { id: v.id, text: v.text, emotion: v.emotion, material: v.material, consent: v.consent, lang: typeof v.lang === 'string' ? v.lang : 'und' };
    }
  } catch {
    // A damaged entry is dropped: better than never sending anything again.
  }
  return null;
}
