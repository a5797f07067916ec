import { z } from 'zod';
import type { Archive } from '../core/archive.ts';
import { CLIENT_ID, CLIENT_ID_RULE } from '../core/ids.ts';
import { blackoutBody, cueBody, glitchBody, holdBody, reactionBody, storyBody, storyId, type ShowEvent } from '../core/events.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { Installation } from '../core/installation.ts';
import type { Transport } from '../core/transport.ts';
import type { Seconds } from '../core/units.ts';

/**
 * The socket.io protocol between a Meshwork server and its clients, defined once for both sides (and
 * documented for other languages in server/PROTOCOL.md). Every client message is validated with the zod
 * schemas below; every request is answered through socket.io's acknowledgement with a `Reply`.
 */

export const ROLES = ['viewer', 'audience', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** First message of every connection; nothing else is accepted before it. */
export const helloMessage = z.strictObject({
  role: z.enum(ROLES),
  /** A stable id the client keeps across reconnects (e.g. in localStorage): 8-64 url-safe characters. */
  clientId: z.string().regex(CLIENT_ID, { message: `expected ${CLIENT_ID_RULE}` }),
  /** Operator token (role operator). */
  token: z.string().max(256).optional(),
  /** The installation's join code, when it sets one (viewers and audience). */
  joinCode: z.string().max(64).optional(),
  /** Display kind and id, for viewers: desktop, headset, or a wall id. */
  display: z.string().max(64).optional(),
  /** The last seq this client has: the server sends what follows (0 for everything). */
  lastSeq: z.number().int().nonnegative().default(0),
  /** The installation version the client has, so the server can skip resending it. */
  version: z.string().max(64).optional(),
  /** The device identity the server issued in an earlier welcome (`Welcome.device`), kept by the client
   * (e.g. in localStorage) and sent back on every hello. Limits count per device; a missing, foreign or
   * forged identity is replaced by a new one in the welcome. */
  device: z.string().max(128).optional(),
});
export type Hello = z.input<typeof helloMessage>;

export const submitStoryMessage = storyBody.omit({ type: true });
export type SubmitStory = z.input<typeof submitStoryMessage>;
export const reactionMessage = reactionBody.omit({ type: true });
export type ReactionMessage = z.input<typeof reactionMessage>;
/** A cue: to a named phase, or `next` to the one after the current. */
export const cueMessage = z.union([cueBody.omit({ type: true }), z.strictObject({ next: z.literal(true) })]);
export type CueMessage = z.input<typeof cueMessage>;
export const glitchMessage = glitchBody.omit({ type: true });
export type GlitchMessage = z.input<typeof glitchMessage>;
/** Blackout on (every screen to black, the sound to silence) or off, with its fade in seconds. */
export const blackoutMessage = blackoutBody.omit({ type: true });
export type BlackoutMessage = z.input<typeof blackoutMessage>;
/** Hold on (every screen freezes, the sound stops, phase timers stand still) or off (the show runs on). */
export const holdMessage = holdBody.omit({ type: true });
export type HoldMessage = z.input<typeof holdMessage>;
export const moderateMessage = z.strictObject({
  id: storyId,
  action: z.enum(['approve', 'hide']),
  reason: z.string().max(200).optional(),
});
export type ModerateMessage = z.input<typeof moderateMessage>;

/** A replay's transport (src/core/transport.ts): play, pause, seek to `t`, or change the speed. The operator
 * sends it; a viewer (the desktop page's bar) sends it with the operator's token. Answered with the new
 * transport, which every client also receives as a `transport` push. A live show does not know it (`invalid`). */
export const transportMessage = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('play'), token: z.string().max(256).optional() }),
  z.strictObject({ action: z.literal('pause'), token: z.string().max(256).optional() }),
  z.strictObject({ action: z.literal('seek'), t: z.number().finite(), token: z.string().max(256).optional() }),
  z.strictObject({ action: z.literal('speed'), rate: z.number().finite(), token: z.string().max(256).optional() }),
]);
export type TransportMessage = z.input<typeof transportMessage>;

/** What a client reports about itself, every few seconds (shown on the operator console). */
export const statsMessage = z.strictObject({
  fps: z.number().min(0).max(1000).optional(),
  /** Round trip of the best clock sample, ms. */
  rttMs: z.number().min(0).max(60_000).optional(),
  /** Estimated offset of the local clock to the shared clock, ms. */
  offsetMs: z.number().optional(),
  /** The t the client renders now, for drift checks. */
  t: z.number().optional(),
  soundOn: z.boolean().optional(),
  /** Why the sound stopped on this page (it keeps rendering without it), for the operator. */
  soundError: z.string().max(300).optional(),
  /** The page wants to play sound and its browser keeps it off until someone touches the page. */
  soundBlocked: z.boolean().optional(),
  /** Why this display cannot draw the show (a wall that fails at run time, a lost connection to its data);
   * absent while it draws. */
  displayError: z.string().max(300).optional(),
  particles: z.number().int().min(0).optional(),
  /** Times this page reloaded itself (its watchdog: a stalled frame loop, a lost WebGL context) in this
   * browser tab, and why the last time. */
  reloads: z.number().int().min(0).optional(),
  reloadReason: z.string().max(300).optional(),
  /** Times `meshwork kiosk` restarted this wall's browser (it crashed, or its page stopped drawing), and why
   * the last time. */
  kioskRestarts: z.number().int().min(0).optional(),
  kioskReason: z.string().max(300).optional(),
});
export type Stats = z.input<typeof statsMessage>;

/** Why a request was refused, for programs (the `error` text is for people). */
export type ErrorCode =
  /** The message does not match its schema; nothing changed. */
  | 'invalid'
  /** `hello` has not been answered yet on this connection. */
  | 'no-hello'
  /** Wrong operator token or join code. */
  | 'unauthorized'
  /** The role may not do this (e.g. an audience phone firing a cue). */
  | 'forbidden'
  /** Too many requests: wait `retryAfter` seconds. */
  | 'rate-limited'
  /** Valid in form but not in the show as it stands (unknown phase, unknown story, stories disabled...). */
  | 'rejected'
  /** The server could not store the event; the client may retry (stories are deduplicated by id). */
  | 'unavailable';

/**
 * Which refusal exactly, for a page to say in its own language (the phone's catalogue): `error` and `hint`
 * stay English, for people reading logs and for clients without a catalogue. Stable names: a name never
 * changes meaning, a new refusal gets a new one, and a page that does not know a name shows `error`.
 */
export const REFUSALS = [
  /** `audience.stories.enabled` is false. */
  'stories-closed',
  /** The story is longer than `audience.stories.maxLength`: values `length`, `max` (code points). */
  'story-too-long',
  /** The emotion is not (any more) offered: value `emotion`. */
  'unknown-emotion',
  /** The material is not (any more) in the sculpture stories attach to: value `material`. */
  'unknown-material',
  /** `audience.reactions.enabled` is false. */
  'reactions-closed',
  /** The reaction kind is not (any more) offered: value `kind`. */
  'unknown-reaction',
  /** The show asks for a join code and the hello has none. */
  'join-code-missing',
  /** The hello's join code is not the show's. */
  'join-code-wrong',
  /** The address holds as many connections as a room may: value `max`. */
  'too-many-connections',
  /** The server has no installation yet; it answers within a second or so. */
  'show-starting',
  /** A replay (`meshwork replay`) takes no writes. */
  'replay',
] as const;
export type Refusal = (typeof REFUSALS)[number];

export interface ErrorReply {
  readonly ok: false;
  /** What was wrong, in words a person can act on. */
  readonly error: string;
  readonly hint?: string;
  readonly code?: ErrorCode;
  /** Which refusal, where a page says it in its own words (REFUSALS); its values fill the page's text. */
  readonly reason?: Refusal;
  readonly values?: Readonly<Record<string, string | number>>;
  /** For rate limits: seconds until the client may try again. */
  readonly retryAfter?: Seconds;
}
export type Reply<T extends object = object> = ({ readonly ok: true } & T) | ErrorReply;

export interface Welcome {
  readonly role: Role;
  /** The shared clock when the welcome was sent. */
  readonly serverTime: Seconds;
  /** Present unless the client already has this version. */
  readonly installation?: Installation;
  readonly version: string;
  /** Events after the client's lastSeq, that this role may see (the public log for viewers and audience:
   * events they may not see come as `{ type: 'withheld', seq, t }`, so seq has no gaps). */
  readonly events: readonly ShowEvent[];
  /** True when the client's lastSeq is ahead of this server's log (a new show, the log was reset): the
   * client drops its log; `events` then start at seq 1. */
  readonly reset?: boolean;
  /** This client's device identity, signed by the server: send it back as `Hello.device` on every later
   * hello (it cannot be forged or made up; one issued to another device is refused). */
  readonly device?: string;
  /** Which show the server plays (showIdentity in src/core/event-log.ts: its first event's t). A client whose
   * log is another show's (a new show began on the same server) drops it and fetches this one's whole. */
  readonly show?: string;
  /** A replay server (`meshwork replay`): the transport in force. Screens play the show at
   * transportAt(transport, shared clock) instead of at the shared clock itself. Absent in a live show. */
  readonly transport?: Transport;
}

/** How a story submission ended, as the phone shows it: `shown` (in the room now), `held` (waits for the
 * operator's approval), `duplicate` (this phone already sent the same text under another id; nothing new
 * was stored, `seq` is the first one's). A retry with the same id answers the first outcome again. */
export type StoryOutcome = 'shown' | 'held' | 'duplicate';

export interface ClientInfo {
  readonly id: string;
  readonly role: Role;
  readonly display?: string;
  readonly address: string;
  readonly connectedAt: Seconds;
  readonly reconnects: number;
  readonly stats: Stats;
  /** The shared clock when the server received `stats`: with `stats.t` it tells a display's drift. */
  readonly statsAt?: Seconds;
  /** Server-measured round trip, ms. */
  readonly latencyMs?: number;
}

export interface ClientToServerEvents {
  hello: (msg: Hello, ack: (r: Reply<Welcome>) => void) => void;
  /** Clock sample: the server answers with the shared clock at receipt. */
  'clock:ping': (clientSendMs: number, ack: (serverTime: Seconds) => void) => void;
  'story:submit': (msg: SubmitStory, ack: (r: Reply<{ outcome: StoryOutcome; seq: number }>) => void) => void;
  reaction: (msg: ReactionMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  cue: (msg: CueMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  glitch: (msg: GlitchMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  blackout: (msg: BlackoutMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  hold: (msg: HoldMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  moderate: (msg: ModerateMessage, ack: (r: Reply<{ seq: number }>) => void) => void;
  stats: (msg: Stats) => void;
  /** Operator: the archive (installation + whole log). */
  'archive:export': (ack: (r: Reply<{ archive: Archive }>) => void) => void;
  /** A replay's transport: play, pause, seek, speed (operator, or a viewer with the operator's token). */
  transport: (msg: TransportMessage, ack: (r: Reply<{ transport: Transport }>) => void) => void;
}

export interface ServerToClientEvents {
  /** New events this client may see, in seq order. */
  events: (events: readonly ShowEvent[]) => void;
  /** Operator: the connected clients, a few times a second at most. */
  clients: (clients: readonly ClientInfo[]) => void;
  /** Operator: the installation on disk has errors; the last good version keeps playing. */
  'installation:errors': (diagnostics: readonly Diagnostic[]) => void;
  /** Operator: the moderation queue changed (stories held, oldest first). */
  queue: (stories: readonly ShowEvent[]) => void;
  /** Sent just before the server closes this connection: why (`no-hello`: not welcomed in time;
   * `rate-limited`: dropped for flooding) and `retryAfter`, the seconds to wait before reconnecting. */
  bye: (reason: ErrorReply) => void;
  /** A replay: the transport changed (to every client, at once). */
  transport: (transport: Transport) => void;
}

/** An exported show (src/core/archive.ts, documented in server/ARCHIVE.md). */
export type { Archive, Transport };
