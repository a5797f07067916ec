import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/** A join code as people type it: case and surrounding spaces do not matter. */
export function sameJoinCode(given: string | undefined | null, expected: string): boolean {
  return sameSecret(given?.trim().toLowerCase(), expected.trim().toLowerCase());
}
