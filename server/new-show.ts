import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveOfShow } from '../src/core/archive.ts';
import { ShowLog } from './show-log.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/** The embedded log's file in a data folder (server.ts opens the same). */
export const SHOW_DB = 'show.db';

/**
 * `meshwork serve --new-show`: the show kept in `dataDir` is written out as an archive file
 * (`archives/show-<date>.json`, what may be kept of it: server/ARCHIVE.md), then its log is removed, so the
 * server starts a fresh show at seq 1. Returns the archive's path, or undefined when there was no show.
 * The raw log goes with it: it holds what may not be kept (stories without consent, hide reasons).
 */
export async function archiveAndStartAfresh(dataDir: string, when: Date = new Date()): Promise<string | undefined> {
  const file = join(dataDir, SHOW_DB);
  if (!existsSync(file)) return undefined;
  const store = await SqliteStore.open(file);
  let written: string | undefined;
  try {
    const show = await ShowLog.open(store);
    const base = show.base();
    if (base && show.log.length > 0) {
      const stamp = when.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
      mkdirSync(join(dataDir, 'archives'), { recursive: true });
      written = join(dataDir, 'archives', `show-${stamp}.json`);
      for (let n = 2; existsSync(written); n++) written = join(dataDir, 'archives', `show-${stamp}-${n}.json`);
      writeFileSync(written, JSON.stringify(archiveOfShow(show.log, base, show.log.lastT, when.toISOString().slice(0, 10))));
    }
    show.close();
  } finally {
    await store.close();
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  return written;
}
