import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import type { Archive } from '../src/core/archive.ts';
import { MAX_MOMENTS } from '../src/core/archive-contents.ts';
import { fileSlug } from '../src/core/file-name.ts';
import { writeArchiveSite } from './archive-site.ts';
import { requestAddress } from './client-address.ts';
import type { OperatorGuard } from './operator-guard.ts';

/** The console's "Download archive page": POST here with the operator token. */
export const ARCHIVE_SITE_PATH = '/api/archive-site';

export interface ArchiveSiteDownloadOptions {
  readonly guard: OperatorGuard;
  readonly trustProxy: boolean;
  /** The archive as it may be kept now (a live show's export; a replay's file). */
  readonly archive: () => Archive | undefined;
  readonly warn: (message: string) => void;
}

let building = false;

function answer(res: ServerResponse, status: number, body: { error: string; hint: string; retryAfter?: number }): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  if (body.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.ceil(body.retryAfter)));
  res.end(JSON.stringify(body));
}

/** A safe file name for the zip: the title's letters and digits (the same slug as the console's export). */
function zipName(title: string): string {
  return `${fileSlug(title)}-archive-page.zip`;
}

/**
 * `POST /api/archive-site[?stills=N]` (Authorization: Bearer <operator token>): the static archive page of
 * the show as it may be kept now (server/archive-site.ts: index.html, its stills rendered in Chromium, the
 * archive file), as one zip to unpack and open offline. One build at a time per process (stills take a
 * browser): a second request meanwhile is answered 503 with Retry-After.
 */
export async function handleArchiveSite(
  req: IncomingMessage,
  res: ServerResponse,
  options: ArchiveSiteDownloadOptions | undefined,
  query: URLSearchParams,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return answer(res, 405, {
      error: `method ${String(req.method).slice(0, 32)} is not allowed on ${ARCHIVE_SITE_PATH}`,
      hint: 'ask for the archive page with POST and the operator token',
    });
  }
  if (!options) return answer(res, 503, { error: 'this server writes no archive page', hint: 'run the show server (meshwork serve) or a replay' });
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const refused = options.guard.check(token, requestAddress(req, options.trustProxy), `POST ${ARCHIVE_SITE_PATH}`);
  if (refused) {
    const { ok: _ok, code, ...body } = refused;
    return answer(res, code === 'rate-limited' ? 429 : 401, { ...body, hint: body.hint ?? '' });
  }
  const stillsText = query.get('stills');
  const stills = stillsText === null ? 6 : Number(stillsText);
  if (!Number.isInteger(stills) || stills < 0 || stills > MAX_MOMENTS)
    return answer(res, 400, { error: `stills=${String(stillsText).slice(0, 20)} is not a number of stills`, hint: `give 0 to ${MAX_MOMENTS}` });
  const archive = options.archive();
  if (!archive) return answer(res, 503, { error: 'the show has no installation yet', hint: 'try again in a moment', retryAfter: 1 });
  if (building) return answer(res, 503, { error: 'an archive page is being written already', hint: 'wait for it, then ask again', retryAfter: 10 });
  building = true;
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-archive-page-'));
  try {
    await writeArchiveSite({ archive, out: dir, stills });
    const files: Record<string, Uint8Array> = {};
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const file = join(d, name);
        if (statSync(file).isDirectory()) walk(file);
        else files[relative(dir, file).split('\\').join('/')] = readFileSync(file);
      }
    };
    walk(dir);
    const zip = zipSync(files, { level: 6 });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${zipName(archive.installation.spec.title)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(zip));
  } catch (e) {
    options.warn(`the archive page could not be written: ${e instanceof Error ? e.message : String(e)}`);
    answer(res, 500, {
      error: `the archive page could not be written: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      hint: "the details are on the server's terminal; Export archive still gives the archive file",
    });
  } finally {
    building = false;
    rmSync(dir, { recursive: true, force: true });
  }
}
