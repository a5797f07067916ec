import { safeGet, safeSet, type KeyValueStore } from './ids.ts';

/**
 * Secrets that may arrive in the address (an operator token, a join code printed in a QR code) are moved
 * to storage at load and removed from the address at once, so they do not stay in the history, in a
 * screenshot of the address bar or in a link someone copies.
 *
 * Looks for `name` in the query (`?token=...`) and in the fragment (`#token=...`). Returns the value from
 * the address if there was one (it is then also stored), else the stored value.
 */
export function takeSecretFromUrl(
  href: string,
  name: string,
  store: KeyValueStore | undefined,
  storeKey: string,
): { value: string | null; cleanUrl: string | null } {
  const url = new URL(href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const fromUrl = url.searchParams.get(name) ?? hash.get(name);
  if (fromUrl === null) return { value: safeGet(store, storeKey), cleanUrl: null };
  url.searchParams.delete(name);
  hash.delete(name);
  const rest = hash.toString();
  url.hash = rest ? `#${rest}` : '';
  const value = fromUrl.trim();
  safeSet(store, storeKey, value === '' ? null : value);
  return { value: value === '' ? null : value, cleanUrl: url.pathname + url.search + url.hash };
}
