import { z } from 'zod';
import {
  blackoutBody,
  cueBody,
  glitchBody,
  holdBody,
  reactionBody,
  storyApprovedBody,
  storyBody,
  storyHiddenBody,
  type EventType,
  type ShowEvent,
} from './events.ts';
import type { EventLog } from './event-log.ts';
import type { Installation } from './installation.ts';
import { installationFor, viewLog } from './projection.ts';
import { hashString } from './random.ts';
import type { Seconds } from './units.ts';

/**
 * The archive file: a past show as the room saw it (server/ARCHIVE.md documents it for other programs).
 * It is the installation the show started from (with its data) plus the log, with stories that may not be
 * kept (no consent, hidden) replaced by `withheld` markers at their seq. Because the show is a pure function
 * of installation, log and t, an archive replays exactly.
 *
 * Versions: every version this reader has ever written is still read (`upgrade` brings it to the current
 * shape); a file from a newer Meshwork, a foreign JSON file or a damaged one is refused with a reason.
 * - 1 (2026-11): format, formatVersion, exportedAt, installation, events.
 * - 2 (2026-12): adds `contentHash`, a hash of installation and events, so a damaged file (an edited or
 *   bit-flipped story, a cut log) is refused instead of replaying a show that never happened.
 */
export const ARCHIVE_FORMAT = 'meshwork-archive';
export const ARCHIVE_VERSION = 2;

export interface Archive {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly formatVersion: typeof ARCHIVE_VERSION;
  /** The show clock when the archive was written (seconds). */
  readonly exportedAt: Seconds;
  /** The installation the show started from; live edits are `installation` events in the log. */
  readonly installation: Installation;
  /** The log as it may be kept: seq 1, 2, 3 ... without gaps, t never decreasing. */
  readonly events: readonly ShowEvent[];
  /** `fnv1a64:<16 hex digits>` over the installation and the events (see contentHash). */
  readonly contentHash: string;
  /** The calendar date it was exported (YYYY-MM-DD, the server's clock; the show clock has no calendar):
   * what a memory of this show is tagged with next year. Outside the hash (it does not change the show). */
  readonly exportedOn?: string;
}

/** Why a file is not a readable archive, for people: what is wrong and what to do. */
export interface ArchiveError {
  readonly error: string;
  readonly hint: string;
}

export type ArchiveRead = { readonly ok: true; readonly archive: Archive } | ({ readonly ok: false } & ArchiveError);

/** Two 32-bit FNV-1a hashes with different seeds over the canonical JSON of installation and events.
 * Not a signature (anyone can recompute it): it detects damage, not forgery. */
export function contentHash(installation: Installation, events: readonly ShowEvent[]): string {
  const text = JSON.stringify([installation, events]);
  const hex = (seed: number) => hashString(text, seed).toString(16).padStart(8, '0');
  return `fnv1a64:${hex(0x811c9dc5)}${hex(0x01000193)}`;
}

/** The archive of a show: what may be kept of its log and installation (projection.ts, view `archive`). */
export function archiveOfShow(log: EventLog, base: Installation, exportedAt: Seconds, exportedOn?: string): Archive {
  return createArchive(installationFor('archive', base), viewLog('archive', log, base), exportedAt, exportedOn);
}

/** An archive of the current version. */
export function createArchive(installation: Installation, events: readonly ShowEvent[], exportedAt: Seconds, exportedOn?: string): Archive {
  return {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_VERSION,
    exportedAt,
    installation,
    events,
    contentHash: contentHash(installation, events),
    ...(exportedOn !== undefined ? { exportedOn } : {}),
  };
}

const seqT = { seq: z.number().int().positive(), t: z.number().finite() };
const installationShape = z.looseObject({
  spec: z.looseObject({ title: z.string(), sculptures: z.array(z.unknown()), phases: z.array(z.unknown()) }),
  data: z.record(z.string(), z.looseObject({ rows: z.array(z.unknown()) })),
  seed: z.number().int(),
  version: z.string().min(1),
});
/** One schema per event type: a new type in events.ts fails to compile here until the archive decides how
 * to read it. Bodies are checked as strictly as the server checks them when they arrive. */
const EVENT_SCHEMAS: Readonly<Record<EventType, z.ZodType>> = {
  withheld: z.strictObject({ type: z.literal('withheld'), ...seqT }),
  cue: cueBody.extend(seqT),
  glitch: glitchBody.extend(seqT),
  blackout: blackoutBody.extend(seqT),
  hold: holdBody.extend(seqT),
  story: storyBody.extend(seqT),
  'story-approved': storyApprovedBody.extend(seqT),
  'story-hidden': storyHiddenBody.extend(seqT),
  reaction: reactionBody.extend(seqT),
  installation: z.strictObject({ type: z.literal('installation'), installation: installationShape, ...seqT }),
};
/** Every event type, at run time (the keys of the schemas above, which the compiler keeps complete). */
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
const envelope = z.looseObject({
  exportedAt: z.number().finite(),
  exportedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date YYYY-MM-DD' })
    .optional(),
  installation: installationShape,
  events: z.array(z.unknown()),
});

const refuse = (error: string, hint: string): ArchiveRead => ({ ok: false, error, hint });
const DAMAGED = 'the file was changed or cut after it was exported: open the copy the console exported (or a backup)';

/** Reads an archive file's text. `name` is for the messages (e.g. the file's path). */
export function readArchive(text: string, name = 'the archive'): ArchiveRead {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return refuse(
      `${name} is not JSON (${e instanceof Error ? e.message : String(e)})`,
      `an archive is the .json file the operator console's "Export archive" writes; ${DAMAGED}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || (value as { format?: unknown }).format !== ARCHIVE_FORMAT) {
    const events = Array.isArray(value) ? ' (a JSON array: for a bare list of events use --events)' : '';
    return refuse(
      `${name} is not a Meshwork archive: it has no "format": "${ARCHIVE_FORMAT}"${events}`,
      'export one from the operator console (Export archive)',
    );
  }
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(`${name} has no valid formatVersion (got ${JSON.stringify(version) ?? 'nothing'})`, DAMAGED);
  }
  if (version > ARCHIVE_VERSION) {
    return refuse(
      `${name} is an archive of format version ${version}; this Meshwork reads versions 1 to ${ARCHIVE_VERSION}`,
      'open it with a newer Meshwork (npm install meshwork@latest)',
    );
  }
  const shape = envelope.safeParse(value);
  if (!shape.success) return refuse(`${name} is damaged: ${firstIssue(shape.error)}`, DAMAGED);
  const raw = value as Record<string, unknown>;
  for (const [i, event] of shape.data.events.entries()) {
    const problem = eventProblem(event, i, i === 0 ? undefined : (shape.data.events[i - 1] as { t: number }).t);
    if (problem) return refuse(`${name} is damaged: ${problem}`, DAMAGED);
  }
  // The file's own objects, not zod's output (which orders keys its way): the hash is over what was written.
  const installation = raw.installation as Installation;
  const events = raw.events as ShowEvent[];
  if (version >= 2) {
    const expected = contentHash(installation, events);
    if (raw.contentHash !== expected) return refuse(`${name} is damaged: its content does not match its contentHash`, DAMAGED);
  }
  // Version 1 had no hash: it is upgraded as read (its content is as trustworthy as the file it came in).
  return { ok: true, archive: createArchive(installation, events, shape.data.exportedAt, shape.data.exportedOn) };
}

function eventProblem(event: unknown, index: number, previousT: number | undefined): string | undefined {
  const type = (event as { type?: unknown } | null)?.type;
  const schema = typeof type === 'string' && Object.hasOwn(EVENT_SCHEMAS, type) ? EVENT_SCHEMAS[type as EventType] : undefined;
  if (!schema) return `event ${index + 1} has an unknown type ${JSON.stringify(type) ?? '(none)'}`;
  const parsed = schema.safeParse(event);
  if (!parsed.success) return `event ${index + 1} (${type}) ${firstIssue(parsed.error)}`;
  const { seq, t } = event as { seq: number; t: number };
  if (seq !== index + 1) return `event ${index + 1} has seq ${seq}: the log must run 1, 2, 3 ... without gaps`;
  if (previousT !== undefined && t < previousT) return `event ${index + 1} (seq ${seq}) goes back in time (t ${t} after ${previousT})`;
  return undefined;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not have the archive shape';
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}
