import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** The machine's LAN IPv4 addresses (what phones and headsets on the venue network reach it by). */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

export interface Certificate {
  readonly key: string;
  readonly cert: string;
  /** True when it was generated now (the browsers will ask to accept it again). */
  readonly created: boolean;
}

/**
 * A self-signed certificate for HTTPS on the LAN (WebXR needs a secure context), kept in `dataDir` so
 * that a headset accepts it once. It names localhost, 127.0.0.1 and the LAN addresses; it is generated
 * again only when it expires within a week or an address it lacks appears (another venue network).
 */
export async function loadOrCreateCertificate(dataDir: string, ips: readonly string[] = lanAddresses()): Promise<Certificate> {
  const keyFile = join(dataDir, 'tls-key.pem');
  const certFile = join(dataDir, 'tls-cert.pem');
  const wanted = ['127.0.0.1', ...ips];
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    const names = x509.subjectAltName ?? '';
    const weekMs = 7 * 24 * 3600 * 1000;
    const fresh = new Date(x509.validTo).getTime() - Date.now() > weekMs;
    if (fresh && wanted.every((ip) => names.includes(`IP Address:${ip}`))) {
      return { key: readFileSync(keyFile, 'utf8'), cert, created: false };
    }
  }
  const notBeforeDate = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfterDate = new Date(Date.now() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'meshwork.local' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...wanted.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, created: true };
}
