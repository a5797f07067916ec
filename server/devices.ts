import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Device identities: what the per-device limits count against, issued by the server in the welcome.
 *
 * A token is `d1.<id>.<mac>`: a random id (12 bytes) and an HMAC-SHA256 of it under the server's secret
 * (first 18 bytes), both base64url (44 characters in all). Only a server holding the secret can make one,
 * so a client cannot make up identities to get fresh allowances; the only way to a new one is a hello
 * without a valid token, and new identities per address are bounded (limits.ts).
 *
 * What "shared" means here: a token is a bearer credential for one device's allowance. Presented by
 * several live connections at once (a reload before the old connection timed out, two tabs, a copied
 * token), they all count against that one device's buckets, so copying a token gains nothing; it is not
 * tied to an address either, since a phone moves between the venue Wi-Fi and its carrier. A token issued
 * by another server (another secret) or altered in any way is not recognised and is replaced.
 */
export class DeviceIdentities {
  constructor(private readonly secret: Uint8Array) {
    if (secret.length < 16) throw new Error('the device secret needs at least 16 bytes');
  }

  private mac(id: string): Buffer {
    return createHmac('sha256', this.secret).update(`meshwork-device:${id}`).digest().subarray(0, 18);
  }

  /** A new identity: its id (what limits count against) and the token the client keeps. */
  issue(): { readonly id: string; readonly token: string } {
    const id = randomBytes(12).toString('base64url');
    return { id, token: `d1.${id}.${this.mac(id).toString('base64url')}` };
  }

  /** The device id of a token this server issued, else undefined (missing, malformed, forged, foreign). */
  verify(token: unknown): string | undefined {
    if (typeof token !== 'string' || token.length !== 44) return undefined;
    const m = /^d1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{24})$/.exec(token);
    const id = m?.[1];
    const mac = m?.[2];
    if (id === undefined || mac === undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    return given.length === 18 && timingSafeEqual(given, this.mac(id)) ? id : undefined;
  }
}

const SECRET_FILE = 'device-secret';

/** The secret device tokens are signed with, kept in `dataDir` so identities survive a restart (created
 * on first start, readable by the owner only). Several processes serving one show need the same secret:
 * the same dataDir, or `deviceSecret` passed to each. A file that is not 64 hex digits is replaced (every
 * device then gets a new identity at its next hello, which costs nothing but their used allowance). */
export function loadOrCreateDeviceSecret(dataDir: string, warn: (m: string) => void = () => {}): Buffer {
  const file = join(dataDir, SECRET_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined && /^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (text !== undefined) warn(`${file} is not 64 hex digits: replaced; devices get new identities`);
  const secret = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600 });
  return secret;
}
