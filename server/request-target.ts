/**
 * The one place an HTTP request target (the second word of the request line) is read. `new URL(target,
 * base)` throws on targets anyone can send ("//", "//:", "http://[") and resolves dot segments and
 * protocol-relative forms in ways a file server should not rely on, so the target is split by hand:
 * origin-form ("/path?query") is the only form served; absolute-form ("http://host/path", which proxies
 * send) is reduced to its path; asterisk-form ("*", OPTIONS) and authority-form ("host:port", CONNECT)
 * are answered 400. The path is returned as sent (still percent-encoded, dot segments untouched): each use
 * decodes it itself and refuses what it does not accept (static.ts `safeJoin`). Never throws.
 */

/** Longest target accepted, characters: longer is answered 414 (a page address is well under 200). */
export const MAX_TARGET_LENGTH = 8 * 1024;

export type RequestTarget =
  | { readonly ok: true; readonly path: string; readonly query: URLSearchParams }
  | { readonly ok: false; readonly status: 400 | 414; readonly error: string; readonly hint: string };

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;
const HINT = 'request a path on this server, e.g. GET / or GET /api/show';

export function parseRequestTarget(target: string | undefined): RequestTarget {
  const raw = target ?? '';
  if (raw.length > MAX_TARGET_LENGTH) {
    return { ok: false, status: 414, error: `the request target is ${raw.length} characters long (at most ${MAX_TARGET_LENGTH})`, hint: HINT };
  }
  const absolute = ABSOLUTE.exec(raw);
  const rest = absolute ? raw.slice(absolute[0].length) : raw;
  if (absolute && rest !== '' && !rest.startsWith('/') && !rest.startsWith('?')) {
    return { ok: false, status: 400, error: 'the absolute request target has no path', hint: HINT };
  }
  if (!absolute && !raw.startsWith('/')) {
    const form = raw === '*' ? 'asterisk-form ("*")' : raw === '' ? 'empty' : 'not a path';
    return { ok: false, status: 400, error: `the request target is ${form}`, hint: HINT };
  }
  // The fragment is never sent by browsers; anything after "#" is dropped, then path and query split.
  const hash = rest.indexOf('#');
  const noFragment = hash >= 0 ? rest.slice(0, hash) : rest;
  const q = noFragment.indexOf('?');
  const pathPart = q >= 0 ? noFragment.slice(0, q) : noFragment;
  // URLSearchParams decodes leniently: a malformed escape stays as written instead of throwing.
  const query = new URLSearchParams(q >= 0 ? noFragment.slice(q + 1) : '');
  return { ok: true, path: pathPart === '' ? '/' : pathPart, query };
}
