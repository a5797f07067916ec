import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client, type InStatement, type Row } from '@libsql/client';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import type { Seconds } from '../../src/core/units.ts';
import type { AppendOptions, AppendResult, EventStore } from './event-store.ts';

/**
 * The embedded log: one SQLite file (through @libsql/client), for one server process.
 *
 * Durability: WAL with synchronous=FULL, so a commit is on disk (the WAL fsynced) when `append` resolves;
 * the server acknowledges an event only after that.
 *
 * Group commit: an fsync costs milliseconds (tens on a busy disk), so one fsync per event would cap the log
 * at a few dozen events a second and make every event wait for all those queued before it. Appends that
 * arrive while a commit is on disk wait together and go in the next transaction: one fsync for all of
 * them. Each INSERT computes seq and the clamped t from the table itself, so the statements of one
 * transaction number themselves in order, with no cached state that could go stale. Appends resolve in
 * seq order (callers broadcast in that order). A transaction that fails is retried one event at a time,
 * so one bad event cannot take the others of its batch down with it.
 */
export class SqliteStore implements EventStore {
  private queue: Pending[] = [];
  /** The commit in progress, if any: since/lastSeq/close wait for it. */
  private flushing: Promise<void> | null = null;

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
    if (!Number.isFinite(t)) return Promise.reject(new RangeError(`append: t must be a finite number of seconds, got ${t}`));
    return new Promise<AppendResult>((resolveAppend, rejectAppend) => {
      this.queue.push({ body, t, dedupeKey: options?.dedupeKey, resolve: resolveAppend, reject: rejectAppend });
      this.flushing ??= this.flush();
    });
  }

  /** Commits what is queued, batch after batch, until the queue is empty. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      let rows: (Row | undefined)[];
      try {
        rows = (await this.db.batch(batch.map(insertOf), 'write')).map((rs) => rs.rows[0]);
      } catch (err) {
        if (batch.length === 1) {
          batch[0]?.reject(err);
          continue;
        }
        // Nothing of the failed transaction was stored: put its events back, one per transaction.
        this.queue.unshift(...batch.map((p) => ({ ...p, alone: true })));
        await this.flushAlone();
        continue;
      }
      await this.settle(batch, rows);
    }
    this.flushing = null;
  }

  /** Commits the events marked `alone` at the head of the queue, each in its own transaction. */
  private async flushAlone(): Promise<void> {
    while (this.queue[0]?.alone) {
      const p = this.queue.shift() as Pending;
      try {
        const rs = await this.db.batch([insertOf(p)], 'write');
        await this.settle([p], [rs[0]?.rows[0]]);
      } catch (err) {
        p.reject(err);
      }
    }
  }

  /** Resolves each append of a committed batch, in seq order. An insert that returned no row met its
   * dedupe key: it resolves to the event stored first. */
  private async settle(batch: readonly Pending[], rows: readonly (Row | undefined)[]): Promise<void> {
    for (const [i, p] of batch.entries()) {
      const row = rows[i];
      if (row) {
        p.resolve({ event: { ...p.body, seq: Number(row.seq), t: Number(row.t) } as ShowEvent, created: true });
        continue;
      }
      try {
        const found = await this.db.execute({ sql: 'SELECT seq, t, body FROM events WHERE dedupe_key = ?', args: [p.dedupeKey ?? null] });
        const stored = found.rows[0];
        if (stored) p.resolve({ event: toEvent(stored), created: false });
        else p.reject(new Error('append: SQLite stored nothing and found no event with the same dedupe key'));
      } catch (err) {
        p.reject(err);
      }
    }
  }

  async since(afterSeq: number): Promise<readonly ShowEvent[]> {
    await this.settled();
    const rs = await this.db.execute({ sql: 'SELECT seq, t, body FROM events WHERE seq > ? ORDER BY seq', args: [afterSeq] });
    return rs.rows.map(toEvent);
  }

  async lastSeq(): Promise<number> {
    await this.settled();
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

  /** Waits until every append made so far is committed (or failed). */
  private async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.settled();
    this.db.close();
  }
}

/** Most events in one transaction: bounds the time one commit holds the write lock. */
const MAX_BATCH = 256;

interface Pending {
  readonly body: EventBody;
  readonly t: Seconds;
  readonly dedupeKey: string | undefined;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (err: unknown) => void;
  /** After a failed transaction: commit this one on its own. */
  readonly alone?: boolean;
}

/** Seq is the next after the table's last; t is clamped so it never runs back; a dedupe key met before
 * inserts nothing and returns no row. */
function insertOf(p: Pending): InStatement {
  return {
    sql: `INSERT INTO events (seq, t, body, dedupe_key) VALUES (
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM events),
      MAX(?, (SELECT COALESCE(MAX(t), ?) FROM events WHERE seq = (SELECT MAX(seq) FROM events))),
      ?, ?) ON CONFLICT(dedupe_key) DO NOTHING RETURNING seq, t`,
    args: [p.t, p.t, JSON.stringify(p.body), p.dedupeKey ?? null],
  };
}

function toEvent(row: Row): ShowEvent {
  const body = JSON.parse(String(row.body)) as EventBody;
  return { ...body, seq: Number(row.seq), t: Number(row.t) } as ShowEvent;
}
