import { CLIENT_ID } from '../../core/ids.ts';

/**
 * Ids chosen by a client: a phone's clientId and each story's id. They are url-safe (letters, digits, "-"
 * and "_"), as the protocol requires (8-64 characters for a clientId, 6-64 for a story id).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Fills a byte array with random bytes (the browser's and Node's crypto.getRandomValues). */
export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const cryptoBytes: RandomBytes = (bytes) => {
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
};

/** A random url-safe id. The alphabet has 64 characters, so `byte & 63` is uniform: 16 characters carry
 * 96 bits, enough that two phones never pick the same story id. */
export function randomId(length = 16, random: RandomBytes = cryptoBytes): string {
  const bytes = random(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}

/** The part of the Web Storage API the pages use (localStorage, sessionStorage, or a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The id this browser keeps across reloads and reconnects, so the server counts a reconnect as the same
 * client (and its rate limits follow it). Created on first use. */
export function persistentClientId(store: KeyValueStore | undefined, key: string, random: RandomBytes = cryptoBytes): string {
  const kept = safeGet(store, key);
  if (kept && CLIENT_ID.test(kept)) return kept;
  const id = randomId(16, random);
  safeSet(store, key, id);
  return id;
}

/** Storage can throw (private mode, quota, disabled cookies): the page then works without keeping state. */
export function safeGet(store: KeyValueStore | undefined, key: string): string | null {
  try {
    return store ? store.getItem(key) : null;
  } catch {
    return null;
  }
}

export function safeSet(store: KeyValueStore | undefined, key: string, value: string | null): void {
  try {
    if (!store) return;
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    // Nothing to do: the value simply is not kept across reloads.
  }
}

/** A KeyValueStore in memory: for browsers that refuse storage, and for tests. */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** The device identity the server issues in its welcome, kept under `key` (next to the clientId) so every
 * later hello sends it back. */
export function keptDevice(store: KeyValueStore | undefined, key: string): { load(): string | undefined; save(device: string): void } {
  return {
    load: () => safeGet(store, key) ?? undefined,
    save: (device) => safeSet(store, key, device),
  };
}
