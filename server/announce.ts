import QRCode from 'qrcode';

export interface Addresses {
  /** Base URLs people can open, the LAN ones first. */
  readonly bases: readonly string[];
  readonly operatorToken: string;
  readonly joinCode?: string;
  /** The port, for the adb reverse line and the laptop's own address. */
  readonly port?: number;
  /** The installation's walls by id: each gets its own line. */
  readonly walls?: readonly string[];
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
  for (const base of a.bases.filter((b) => !/\/\/localhost:/.test(b) || a.bases.length === 1)) lines.push(`  headsets, desktops  ${base}/`);
  // The laptop itself needs no certificate: the same port answers plain HTTP.
  if (a.port !== undefined) lines.push(`  this laptop         http://localhost:${a.port}/`);
  const walls = a.walls ?? [];
  for (const id of walls) lines.push(`  wall ${id.padEnd(15)}${main}/?display=${encodeURIComponent(id)}`);
  if (walls.length === 0) lines.push(`  projection walls    none in this installation (add them under displays.walls)`);
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
