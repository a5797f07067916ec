import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The address limits count against: the peer, or with a trusted proxy the first address of
 * X-Forwarded-For (the client the proxy saw). Without the option that header is ignored: anyone can send it. */
export function clientAddress(headers: IncomingHttpHeaders, peer: string | undefined, trustProxy: boolean): string {
  const forwarded = headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first.slice(0, 64) : (peer ?? 'unknown');
}

/** An HTTP request's address, by the rule above. */
export const requestAddress = (req: IncomingMessage, trustProxy: boolean): string => clientAddress(req.headers, req.socket.remoteAddress, trustProxy);
