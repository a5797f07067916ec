import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client, type Row } from '@libsql/client';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import type { Seconds } from '../../src/core/units.ts';
import type { AppendOptions, AppendResult, EventStore } from './event-store.ts';

/**
 * The embedded log: one SQLite file (through @libsql/client), for one server process.
 *
 * Durability: WAL with synchronous=FULL, so a commit is on disk (the WAL fsynced) when `append` resolves;
 * the server acknowledges an event only after that. Each append is one INSERT statement that computes seq
 * and the clamped t from the table itself, so it is atomic without a transaction and needs no cached
 * state that could go stale. Appends are still chained one after another so that they resolve in seq
 * order (callers broadcast in that order).
 */
export class SqliteStore implements EventStore {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: Client) {}

  /** Opens (creating if needed) the log at `file`. */
  static async open(file: string): Promise<SqliteStore> {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    const db = createClient({ url: pathToFileURL(path).href });
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute('PRAGMA synchronous = FULL');
    await db.execute('PRAGMA busy_timeout = 5000');
    await db.execute(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY,
      t REAL NOT NULL,
      body TEXT NOT NULL,
      dedupe_key TEXT UNIQUE
    )`);
    await db.execute('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    return new SqliteStore(db);
  }

  /** The journal mode and synchronous level in force (WAL and 2 = FULL), for tests and diagnostics. */
  async pragmas(): Promise<{ journalMode: string; synchronous: number }> {
    const jm = await this.db.execute('PRAGMA journal_mode');
    const sync = await this.db.execute('PRAGMA synchronous');
    return { journalMode: String(jm.rows[0]?.[0]), synchronous: Number(sync.rows[0]?.[0]) };
  }

  append(body: EventBody, t: Seconds, options?: AppendOptions): Promise<AppendResult> {
    const run = this.tail.then(() => this.appendNow(body, t, options?.dedupeKey));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(body: EventBody, t: Seconds, dedupeKey: string | undefined): Promise<AppendResult> {
    if (!Number.isFinite(t)) throw new RangeError(`append: t must be a finite number of seconds, got ${t}`);
    if (dedupeKey !== undefined) {
      const found = await this.db.execute({ sql: 'SELECT seq, t, body FROM events WHERE dedupe_key = ?', args: [dedupeKey] });
      const row = found.rows[0];
      if (row) return { event: toEvent(row), created: false };
    }
    const text = JSON.stringify(body);
    const inserted = await this.db.execute({
      sql: `INSERT INTO events (seq, t, body, dedupe_key) VALUES (
        (SELECT COALESCE(MAX(seq), 0) + 1 FROM events),
        MAX(?, (SELECT COALESCE(MAX(t), ?) FROM events WHERE seq = (SELECT MAX(seq) FROM events))),
        ?, ?) RETURNING seq, t`,
      args: [t, t, text, dedupeKey ?? null],
    });
    const row = inserted.rows[0];
    if (!row) throw new Error('append: SQLite returned no row for the insert');
    return { event: { ...body, seq: Number(row.seq), t: Number(row.t) } as ShowEvent, created: true };
  }

  async since(afterSeq: number): Promise<readonly ShowEvent[]> {
    await this.tail;
    const rs = await this.db.execute({ sql: 'SELECT seq, t, body FROM events WHERE seq > ? ORDER BY seq', args: [afterSeq] });
    return rs.rows.map(toEvent);
  }

  async lastSeq(): Promise<number> {
    await this.tail;
    const rs = await this.db.execute('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
    return Number(rs.rows[0]?.seq ?? 0);
  }

  /** The Unix time (ms) of the show's t = 0. The first call stores `proposedMs`; later calls (a restart)
   * return the stored origin, so t continues where the show's clock is, not from zero. */
  async clockOriginMs(proposedMs: number): Promise<number> {
    await this.db.execute({ sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('clockOriginMs', ?)", args: [String(proposedMs)] });
    const rs = await this.db.execute("SELECT value FROM meta WHERE key = 'clockOriginMs'");
    return Number(rs.rows[0]?.value ?? proposedMs);
  }

  async close(): Promise<void> {
    await this.tail;
    this.db.close();
  }
}

function toEvent(row: Row): ShowEvent {
  const body = JSON.parse(String(row.body)) as EventBody;
  return { ...body, seq: Number(row.seq), t: Number(row.t) } as ShowEvent;
}
