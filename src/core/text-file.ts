import type { Diagnostic } from './diagnostics.ts';
import { finding, hint, type Finding, type HintCode } from './findings.ts';

/**
 * The bytes of an installation's files as text, or why not, at file:line:column. Artists save from
 * spreadsheets and editors that write UTF-16 with a byte order mark, UTF-8 with one, or Latin-1; a file may
 * also be a picture renamed, cut off, or far too large. Each of these gets one clear diagnostic instead of
 * garbage further down (or a crash).
 */
export interface LoadedText {
  /** The decoded text; absent when the file was refused (its diagnostics say why). */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Largest installation.yaml read (bytes). Default 1 MiB: hundreds of times the demo's. */
export const MAX_INSTALLATION_BYTES = 1024 * 1024;
/** Largest data file read (bytes). Default 32 MiB: the installation travels to every screen as JSON. */
export const MAX_DATA_BYTES = 32 * 1024 * 1024;

/** Line and column (1-based) of an offset into a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

const refuse = (file: string, line: number, column: number, what: Finding, advice: HintCode): LoadedText => ({
  diagnostics: [{ severity: 'error', file, line, column, path: '', ...what, ...hint(advice) }],
});

/** Refuses a file larger than `limit` bytes before it is read (it names the limit). */
export function tooLarge(file: string, bytes: number, limit: number): LoadedText {
  return refuse(file, 1, 1, finding('text.too-large', { size: formatBytes(bytes), limit: formatBytes(limit) }), 'text.make-smaller');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/**
 * Decodes a file's bytes: UTF-8 (with or without a byte order mark), UTF-16 LE or BE with a byte order
 * mark; UTF-8 that is not valid is read as Latin-1 (windows-1252) with a warning where the first such byte
 * is. UTF-16 without a byte order mark and binary files are refused. The text then passes checkText.
 */
export function decodeText(file: string, bytes: Uint8Array, limit: number): LoadedText {
  if (bytes.length > limit) return tooLarge(file, bytes.length, limit);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(file, bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(file, bytes, 'utf-16be');
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (looksLikeUtf16(body)) {
    return refuse(file, 1, 1, finding('text.utf16-no-bom'), 'text.save-as-utf8');
  }
  try {
    return checkText(file, new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), limit);
  } catch {
    const bad = firstInvalidUtf8(body);
    const text = new TextDecoder('windows-1252').decode(body);
    const checked = checkText(file, text, limit);
    if (checked.text === undefined) return checked;
    // Where the first byte that is not UTF-8 is, in the text as read: bytes before it were valid UTF-8.
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    const at = positionAt(before, before.length);
    return {
      text: checked.text,
      diagnostics: [
        {
          severity: 'warning',
          file,
          line: at.line,
          column: at.column,
          path: '',
          ...finding('text.read-as-latin1'),
          ...hint('text.check-latin1'),
        },
        ...checked.diagnostics,
      ],
    };
  }
}

function utf16(file: string, bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): LoadedText {
  if ((bytes.length - 2) % 2 !== 0) {
    return refuse(file, 1, 1, finding('text.cut-off', { encoding: encoding.toUpperCase() }), 'text.save-again');
  }
  try {
    return checkText(file, new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2)), Infinity);
  } catch {
    return refuse(file, 1, 1, finding('text.not-valid', { encoding: encoding.toUpperCase() }), 'text.save-again');
  }
}

/** Text in UTF-16 without a byte order mark: mostly ASCII, so every other byte is 0. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  if (n < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 ? oddZeros++ : evenZeros++;
  return Math.max(evenZeros, oddZeros) > n / 4 && Math.min(evenZeros, oddZeros) < n / 64;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return bytes.length;
}

/**
 * The checks every text goes through, decoded from disk or given in memory: not larger than `limit`
 * characters, and text rather than binary: a NUL, or more than a few other control characters, is refused
 * at its position (YAML and CSV have no use for them, and a binary file is full of them).
 */
export function checkText(file: string, text: string, limit: number): LoadedText {
  if (text.length > limit) return tooLarge(file, text.length, limit);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const at = positionAt(text, nul);
    return refuse(file, at.line, at.column, finding('text.nul'), 'text.save-as-text');
  }
  let controls = 0;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      if (first < 0) first = i;
      controls++;
    }
  }
  if (controls > 8 && controls > text.length / 1000) {
    const at = positionAt(text, first);
    return refuse(file, at.line, at.column, finding('text.control-characters', { count: controls }), 'text.give-text');
  }
  return { text, diagnostics: [] };
}
