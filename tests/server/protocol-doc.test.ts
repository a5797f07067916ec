import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/core/archive.ts';
import { REFUSALS, ROLES } from '../../src/net/protocol.ts';

/** server/PROTOCOL.md is what clients in other languages are written from: every name the server speaks
 * must be documented there, and nothing documented may be missing from the server. */

const root = join(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'server/PROTOCOL.md'), 'utf8');
const serverSource = readdirSync(join(root, 'server'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'server', f), 'utf8'))
  .join('\n');
const protocolSource = readFileSync(join(root, 'src/net/protocol.ts'), 'utf8');

/** The first column of the table that follows `heading`'s line (up to the next heading), as names. */
function firstColumn(heading: string, table = 0): string[] {
  const at = doc.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`PROTOCOL.md has no heading "${heading}"`);
  const section = doc.slice(at + heading.length + 2).split(/\n## /)[0] as string;
  const tables = section
    .split(/\n(?!\|)/)
    .join('\n')
    .split(/\n\n/)
    .filter((b) => b.trimStart().startsWith('|'));
  const rows = (tables[table] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
  return rows.map((r) => /^\|\s*`([^`]+)`/.exec(r)?.[1] ?? '').filter(Boolean);
}

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('server/PROTOCOL.md', () => {
  it('documents every request the server handles, and no other', () => {
    const handled = unique([...serverSource.matchAll(/socket\.on\('([a-z:]+)'/g)].map((m) => m[1] as string)).filter(
      (e) => e !== 'disconnect' && e !== 'error',
    );
    expect(unique(['hello', ...firstColumn('## Requests')])).toEqual(handled);
  });

  it('documents every push the server sends, and no other', () => {
    const pushed = unique([...serverSource.matchAll(/\.emit\('([a-z:]+)'/g)].map((m) => m[1] as string)).filter((e) => e !== 'connection');
    expect(unique(firstColumn('## Server pushes'))).toEqual(pushed);
  });

  it('documents every event type, error code and role', () => {
    expect(unique(firstColumn('## Show events'))).toEqual(unique(EVENT_TYPES));
    const union = protocolSource.slice(protocolSource.indexOf('export type ErrorCode ='), protocolSource.indexOf('export interface ErrorReply'));
    const codes = [...union.matchAll(/^\s*\| '([a-z-]+)'/gm)].map((m) => m[1] as string);
    expect(codes.length).toBeGreaterThan(5);
    expect(unique(firstColumn('## Replies'))).toEqual(unique(codes));
    expect(unique(firstColumn('## Roles and what each sees'))).toEqual(unique(ROLES));
  });

  it('documents every refusal reason, in the Replies section', () => {
    const replies = doc.slice(doc.indexOf('\n## Replies\n'), doc.indexOf('\n## Roles and what each sees\n'));
    const documented = unique([...replies.matchAll(/`([a-z]+(?:-[a-z]+)+|[a-z]+)`/g)].map((m) => m[1] as string));
    for (const reason of REFUSALS) expect(documented, reason).toContain(reason);
    // Each is sent by the server (a name no code path sends is a stale entry).
    for (const reason of REFUSALS) expect(serverSource, reason).toContain(`'${reason}'`);
  });
});
