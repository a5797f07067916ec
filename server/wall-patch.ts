import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { WALL_ID, WALL_ID_RULE } from '../src/core/ids.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { compileInstallation, INSTALLATION_FILE } from '../src/core/installation.ts';
import { wall } from '../src/core/schema/displays.ts';
import { folderFiles } from './installation-folder.ts';
import type { OperatorGuard } from './operator-guard.ts';
import { requestAddress } from './client-address.ts';

/**
 * POST /api/walls/<id> {warp?, blend?, tile?}: what a wall's calibration overlay set, written back into
 * installation.yaml under displays.walls.<id>. Rules: the operator token is required (Authorization: Bearer);
 * the body is validated with the installation schema's own wall fields; the file is edited through the
 * `yaml` Document API so comments and layout elsewhere survive; the edited file must still compile before it
 * replaces the old one (written to a temporary file, then renamed), so a bad patch never breaks the show.
 */

export interface WallPatchOptions {
  readonly installationDir: string;
  /** Judges the operator token (the same guard as the socket hello's). */
  readonly guard: OperatorGuard;
  /** Count failures per X-Forwarded-For address (behind a reverse proxy). Default false. */
  readonly trustProxy?: boolean;
}

export const WALL_PATCH_PREFIX = '/api/walls/';
/** Largest request body accepted, bytes: a calibration is a few hundred. */
const MAX_BODY_BYTES = 64 * 1024;

export const wallPatchBody = z
  .strictObject({
    warp: wall.shape.warp,
    blend: wall.shape.blend,
    tile: wall.shape.tile,
  })
  .refine((b) => b.warp !== undefined || b.blend !== undefined || b.tile !== undefined, { message: 'nothing to change: send warp, blend or tile' });
export type WallPatch = z.infer<typeof wallPatchBody>;

export interface PatchResult {
  readonly status: number;
  readonly body:
    | { readonly ok: true; readonly file: string; readonly wall: string }
    | { readonly error: string; readonly hint: string; readonly code?: string; readonly retryAfter?: number };
}

const fail = (status: number, error: string, hint: string): PatchResult => ({ status, body: { error, hint } });

/** The wall id of a calibration request's path, or undefined when the path is not one. */
export function wallPatchId(path: string): string | undefined {
  if (!path.startsWith(WALL_PATCH_PREFIX)) return undefined;
  const raw = path.slice(WALL_PATCH_PREFIX.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // refused below as not a wall id
  }
}

/** Applies a validated patch to the installation folder's file. Pure of HTTP, so it is tested directly. */
export function patchWall(installationDir: string, wallId: string, patch: WallPatch): PatchResult {
  const file = join(installationDir, INSTALLATION_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail(500, `cannot read ${INSTALLATION_FILE}`, `is ${installationDir} still there?`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return fail(
      409,
      `${INSTALLATION_FILE} does not parse: ${doc.errors[0]?.message ?? ''}`,
      'fix the file first (npm run check), then save the calibration again',
    );
  }
  const walls = doc.getIn(['displays', 'walls']);
  if (!isMap(walls) || !walls.has(wallId)) {
    return fail(
      404,
      `there is no wall "${wallId}" under displays.walls in ${INSTALLATION_FILE}`,
      'add it to the file first, e.g. displays: { walls: { north: { camera: ... } } }',
    );
  }
  const next = editWall(text, doc, wallId, patch);
  const files = folderFiles(installationDir);
  const compiled = compileInstallation({ read: (name) => (name === INSTALLATION_FILE ? next : files.read(name)), exists: files.exists });
  if (!compiled.installation) {
    const first = compiled.diagnostics.find((d) => d.severity === 'error');
    return fail(
      422,
      `the calibration would make ${INSTALLATION_FILE} invalid: ${first ? formatDiagnostic(first) : 'unknown error'}`,
      'nothing was written; check the values sent',
    );
  }
  const tmp = `${file}.calibrate-${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, file);
  return { status: 200, body: { ok: true, file: INSTALLATION_FILE, wall: wallId } };
}

/** A value as short flow YAML in the style of the demo file: `[0, 1]`, `{ left: 0, gamma: 2.2 }`. */
export function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${flowYaml(v)}`)
      .join(', ')} }`;
  return String(value);
}

/**
 * The file with only the wall's warp/blend/tile values replaced (or added after its last key), every other
 * byte as it was: comments, spacing and the style of the other entries survive. A wall written as one flow
 * map (`north: { camera: ... }`) is re-serialised by the Document API instead, which keeps the comments.
 */
function editWall(text: string, doc: Document, wallId: string, patch: WallPatch): string {
  const node = doc.getIn(['displays', 'walls', wallId], true);
  const keys = (['warp', 'blend', 'tile'] as const).filter((k) => patch[k] !== undefined);
  if (!isMap(node) || node.flow || !node.range || node.items.length === 0) {
    for (const k of keys) doc.setIn(['displays', 'walls', wallId, k], doc.createNode(patch[k]));
    return doc.toString();
  }
  const edits: { at: number; end: number; text: string }[] = [];
  const firstKey = node.items[0]?.key;
  const keyStart = isScalar(firstKey) && firstKey.range ? firstKey.range[0] : node.range[0];
  const indent = ' '.repeat(keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1));
  // New keys go right after the last value of the wall (not at the map's end, which runs past blank lines).
  const last = node.items[node.items.length - 1]?.value as { range?: [number, number, number] } | null | undefined;
  const tail = last?.range?.[1] ?? node.range[1];
  for (const k of keys) {
    const flow = flowYaml(patch[k]);
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === k);
    const range = pair && (pair.value as { range?: [number, number, number] } | null)?.range;
    if (range) edits.push({ at: range[0], end: range[1], text: flow });
    else edits.push({ at: tail, end: tail, text: `\n${indent}${k}: ${flow}` });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

async function readBody(req: IncomingMessage): Promise<string | undefined | Error> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Handles POST /api/walls/<id>. `options` undefined: this server takes no calibration (no operator token).
 * Never rejects: a failure is answered with 500. */
export function handleWallPatch(req: IncomingMessage, res: ServerResponse, options: WallPatchOptions | undefined, wallId: string): Promise<void> {
  return respond(req, res, options, wallId).catch((err: unknown) => {
    if (res.headersSent) return void res.destroy();
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({ error: `calibration failed: ${(err as Error).message}`, hint: 'the installation file was not changed unless the answer said so' }),
    );
  });
}

async function respond(req: IncomingMessage, res: ServerResponse, options: WallPatchOptions | undefined, wallId: string): Promise<void> {
  const send = (r: PatchResult) => {
    res.statusCode = r.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    if ('retryAfter' in r.body && r.body.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.ceil(r.body.retryAfter)));
    res.end(JSON.stringify(r.body));
  };
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return send(fail(405, `method ${req.method} is not allowed on ${WALL_PATCH_PREFIX}<id>`, 'send the calibration with POST'));
  }
  if (!options) return send(fail(503, 'this server takes no wall calibration', 'start it with an operator token to calibrate walls'));
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const refused = options.guard.check(token, requestAddress(req, options.trustProxy ?? false), `${req.method} ${WALL_PATCH_PREFIX}${wallId.slice(0, 64)}`);
  if (refused) {
    // The socket's reply as an HTTP answer: same code, error, hint and retryAfter.
    const { ok: _ok, ...body } = refused;
    return send({ status: refused.code === 'rate-limited' ? 429 : 401, body: { ...body, hint: body.hint ?? '' } });
  }
  if (!WALL_ID.test(wallId)) return send(fail(400, `"${wallId.slice(0, 64)}" is not a wall id`, `ids are ${WALL_ID_RULE}`));
  const text = await readBody(req);
  if (text === undefined) return send(fail(413, `the body is larger than ${MAX_BODY_BYTES} bytes`, 'send only {warp, blend, tile}'));
  if (text instanceof Error) return send(fail(400, `the body did not arrive whole: ${text.message}`, 'nothing was written; send the calibration again'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return send(fail(400, `the body is not JSON: ${(err as Error).message}`, 'send {"warp": [[x,y] x4], "blend": {...}, "tile": {...}}'));
  }
  const parsed = wallPatchBody.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
    return send(
      fail(
        400,
        `invalid calibration: ${issues}`,
        'warp is 4 corners [[x,y],...] in 0..1 (bottom-left, bottom-right, top-right, top-left); blend edges are 0..0.5 and gamma > 0',
      ),
    );
  }
  send(patchWall(options.installationDir, wallId, parsed.data));
}
