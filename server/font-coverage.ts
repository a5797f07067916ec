import { inflateSync } from 'node:zlib';

/**
 * Which characters a font has glyphs for, read from its `cmap` table (TrueType/OpenType, or WOFF 1.0 which
 * wraps the same tables compressed with zlib). The display filters story text with it, because troika
 * fetches any character the given font lacks from a CDN, which a venue without internet cannot reach.
 */

/** Inclusive code point ranges, sorted and merged. */
export type CodeRanges = readonly (readonly [number, number])[];

interface TableRef {
  readonly offset: number;
  readonly data: Buffer;
}

function tables(font: Buffer): Map<string, TableRef> {
  const out = new Map<string, TableRef>();
  const signature = font.toString('latin1', 0, 4);
  if (signature === 'wOFF') {
    const count = font.readUInt16BE(12);
    for (let i = 0; i < count; i++) {
      const at = 44 + i * 20;
      const tag = font.toString('latin1', at, at + 4);
      const offset = font.readUInt32BE(at + 4);
      const compLength = font.readUInt32BE(at + 8);
      const origLength = font.readUInt32BE(at + 12);
      const raw = font.subarray(offset, offset + compLength);
      out.set(tag, { offset: 0, data: compLength < origLength ? inflateSync(raw) : raw });
    }
    return out;
  }
  if (signature === 'wOF2') throw new Error('WOFF2 is not supported here: give the .woff or .ttf file');
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    out.set(tag, { offset: 0, data: font.subarray(offset, offset + length) });
  }
  return out;
}

/** The code points a font maps to a real glyph (not glyph 0, .notdef). */
export function fontCoverage(font: Buffer): CodeRanges {
  const cmap = tables(font).get('cmap');
  if (!cmap) throw new Error('the font has no cmap table');
  const d = cmap.data;
  const count = d.readUInt16BE(2);
  let best: { format: number; at: number } | undefined;
  for (let i = 0; i < count; i++) {
    const platform = d.readUInt16BE(4 + i * 8);
    const encoding = d.readUInt16BE(6 + i * 8);
    const at = d.readUInt32BE(8 + i * 8);
    const format = d.readUInt16BE(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    // Format 12 covers the supplementary planes too: prefer it.
    if (!best || (format === 12 && best.format !== 12)) best = { format, at };
  }
  if (!best) throw new Error('the font has no Unicode cmap subtable (format 4 or 12)');
  const codes: [number, number][] = best.format === 12 ? format12(d, best.at) : format4(d, best.at);
  return mergeRanges(codes);
}

function format12(d: Buffer, at: number): [number, number][] {
  const groups = d.readUInt32BE(at + 12);
  const out: [number, number][] = [];
  for (let i = 0; i < groups; i++) {
    const g = at + 16 + i * 12;
    const start = d.readUInt32BE(g);
    const end = d.readUInt32BE(g + 4);
    const glyph = d.readUInt32BE(g + 8);
    out.push([glyph === 0 ? start + 1 : start, end]);
  }
  return out.filter(([a, b]) => a <= b);
}

function format4(d: Buffer, at: number): [number, number][] {
  const segs = d.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const rangeOffsets = deltas + segs * 2;
  const out: [number, number][] = [];
  for (let s = 0; s < segs; s++) {
    const end = d.readUInt16BE(ends + s * 2);
    const start = d.readUInt16BE(starts + s * 2);
    const delta = d.readInt16BE(deltas + s * 2);
    const rangeOffset = d.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const g = d.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) out.push([c, c]);
    }
  }
  return out;
}

/** The ranges sorted, with overlapping and touching ones joined (the array is sorted in place). */
export function mergeRanges(ranges: [number, number][]): CodeRanges {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
