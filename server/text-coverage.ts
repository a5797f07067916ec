import type { Diagnostic } from '../src/core/diagnostics.ts';
import { finding, hint, type FindingParams } from '../src/core/findings.ts';
import type { ShowEvent } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import { undrawable, type CodeRanges } from '../src/scene/story-text.ts';

/**
 * `check`'s warnings for text that no served font draws (server/font-catalogue.ts): such characters show
 * as U+FFFD in the room. Every text cell of the data is checked (labels and notes are drawn there, and any
 * text field may become a caption), and the stories of archives and of remembered shows. Each warning
 * names the file, line and column of the first such character and the data row; at most MAX_PER_FILE per
 * file, then one that counts the rest.
 */

export const MAX_PER_FILE = 20;

/** `U+E000 "\ue000"` for the message: the code point, and the character itself when it is printable. */
function named(ch: string): string {
  const code = `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `${code} "${ch}"` : code;
}

function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/gu, ' ')];
  const short = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('');
  return short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The parameters of a text's undrawable characters: how many, and the first five named (FINDINGS' font.*). */
function undrawn(bad: readonly string[]): FindingParams {
  return { count: bad.length, chars: `${bad.slice(0, 5).map(named).join(', ')}${bad.length > 5 ? ', ...' : ''}` };
}

/** Where a value stands in its file: searched from `from` (up to `to`) as written, as a CSV or JSON string
 * would escape it, or else by its first undrawable character; -1 if not there. */
function locate(source: string, from: number, to: number, value: string, bad: string): number {
  for (const form of [value, value.replace(/"/g, '""'), JSON.stringify(value).slice(1, -1)]) {
    const at = source.indexOf(form, from);
    if (at >= 0 && at < to) return at + Math.max(0, form.indexOf(bad));
  }
  const at = source.indexOf(bad, from);
  return at >= 0 && at < to ? at : -1;
}

/**
 * Where each data row of a CSV file starts (offsets), read as src/core/data.ts reads it: a quote opens only
 * at a cell's start, a line break inside quotes stays in the cell, an empty line is no record. The header
 * is the first record, so row i starts at the (i + 1)th offset.
 */
export function csvRecordStarts(text: string): number[] {
  const starts: number[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let cellStart = true;
  const end = (at: number) => {
    if (at > start) starts.push(start);
  };
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
    } else if (ch === '"' && cellStart) quoted = true;
    else if (ch === '\n' || ch === '\r') {
      end(i);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
      cellStart = true;
      continue;
    }
    cellStart = ch === ',';
  }
  end(text.length);
  return starts;
}

function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

class PerFile {
  private readonly counts = new Map<string, number>();
  readonly out: Diagnostic[] = [];
  add(d: Diagnostic): void {
    const n = (this.counts.get(d.file) ?? 0) + 1;
    this.counts.set(d.file, n);
    if (n <= MAX_PER_FILE) this.out.push(d);
  }
  /** One warning per file past the limit, saying how many more there were. */
  finish(): Diagnostic[] {
    for (const [file, n] of this.counts) {
      if (n > MAX_PER_FILE)
        this.out.push({
          severity: 'warning',
          file,
          line: 0,
          column: 0,
          path: '',
          ...finding('font.more', { count: n - MAX_PER_FILE }),
          ...hint('font.replace'),
        });
    }
    return this.out;
  }
}

/**
 * Warnings for the data's text cells and the remembered stories of an installation. `readText` gives a
 * data file's text (to place the warning at its line), or undefined.
 */
export function uncoveredTextWarnings(installation: Installation, coverage: CodeRanges, readText: (file: string) => string | undefined): Diagnostic[] {
  const warn = new PerFile();
  for (const table of Object.values(installation.data)) {
    const source = readText(table.file);
    // A CSV row is looked for in its own record; a JSON row after the previous find.
    const records = source !== undefined && !/\.json$/i.test(table.file) ? csvRecordStarts(source).slice(1) : undefined;
    let from = 0;
    table.rows.forEach((row, i) => {
      if (records) from = records[i] ?? source?.length ?? 0;
      const to = records ? (records[i + 1] ?? Infinity) : Infinity;
      for (const [field, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        const bad = undrawable(value, coverage);
        if (bad.length === 0) continue;
        const at = source === undefined ? -1 : locate(source, from, to, value, bad[0] as string);
        if (at >= 0) from = at + 1;
        const place = source !== undefined && at >= 0 ? lineColumn(source, at) : { line: 0, column: 0 };
        warn.add({
          severity: 'warning',
          file: table.file,
          ...place,
          path: `${table.name}[${i}].${field}`,
          ...finding('font.data-row', { row: i + 1, field, text: excerpt(value), ...undrawn(bad) }),
          ...hint('font.replace'),
        });
      }
    });
  }
  for (const memory of installation.memories ?? []) {
    const bad = undrawable(memory.text, coverage);
    if (bad.length === 0) continue;
    warn.add({
      severity: 'warning',
      file: 'installation.yaml',
      line: 0,
      column: 0,
      path: 'memory.archives',
      ...finding('font.memory', { id: memory.id, text: excerpt(memory.text), ...undrawn(bad) }),
      ...hint('font.replace'),
    });
  }
  return warn.finish();
}

/** Warnings for the stories of an archive's (or a log's) events, named by story id and seq. */
export function uncoveredStoryWarnings(file: string, events: readonly ShowEvent[], coverage: CodeRanges): Diagnostic[] {
  const warn = new PerFile();
  for (const e of events) {
    if (e.type !== 'story') continue;
    const bad = undrawable(e.text, coverage);
    if (bad.length === 0) continue;
    warn.add({
      severity: 'warning',
      file,
      line: 0,
      column: 0,
      path: `story ${e.id}`,
      ...finding('font.story', { seq: e.seq, text: excerpt(e.text), ...undrawn(bad) }),
      ...hint('font.replace'),
    });
  }
  return warn.finish();
}
