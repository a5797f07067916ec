import QRCode from 'qrcode';

export interface Addresses {
  /** Base URLs people can open, the LAN ones first. */
  readonly bases: readonly string[];
  readonly operatorToken: string;
  readonly joinCode?: string;
  /** The port, for the adb reverse line. */
  readonly port?: number;
}

/** The operator's link: the token travels in the fragment, which browsers never send to a server (nor
 * put in logs or Referer headers). The operator page reads it from `location.hash`. */
export const operatorLink = (base: string, token: string): string => `${base}/operator#token=${encodeURIComponent(token)}`;
/** The phones' link; with a join code, the code rides in the fragment the same way. */
export const joinLink = (base: string, joinCode?: string): string => `${base}/join${joinCode ? `#code=${encodeURIComponent(joinCode)}` : ''}`;

/** The text printed when the server starts: where to point headsets, walls, phones and the operator, with
 * QR codes for the phones' page and the operator's link. */
export async function announcement(a: Addresses): Promise<string> {
  const main = a.bases[0] ?? '';
  const lines: string[] = ['', 'Meshwork is playing.', ''];
  for (const base of a.bases) lines.push(`  headsets, desktops   ${base}/`);
  lines.push(`  projection walls    ${main}/?display=<wall id>`);
  lines.push(`  phones              ${joinLink(main, a.joinCode)}`);
  lines.push(`  operator            ${operatorLink(main, a.operatorToken)}`);
  if (a.port !== undefined && main.startsWith('https:')) {
    lines.push(`  headset over USB    adb reverse tcp:${a.port} tcp:${a.port}, then http://localhost:${a.port}/ (no certificate to accept)`);
  }
  lines.push('');
  lines.push('Phones: scan to join', await QRCode.toString(joinLink(main, a.joinCode), { type: 'terminal', small: true }));
  lines.push('Operator: scan (keep this one to yourself)', await QRCode.toString(operatorLink(main, a.operatorToken), { type: 'terminal', small: true }));
  return lines.join('\n');
}
