import { archiveOfShow } from '../src/core/archive.ts';
import { didYouMean } from '../src/core/diagnostics.ts';
import { encodeSculptures } from '../src/core/encode.ts';
import { attachedSculpture } from '../src/core/materials.ts';
import type { ShowEvent, StoryBody } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import { phaseAt } from '../src/core/phases.ts';
import { firstOutcome } from '../src/core/stories.ts';
import { characterCount } from '../src/core/text.ts';
import { hashString } from '../src/core/random.ts';
import {
  blackoutMessage,
  holdMessage,
  cueMessage,
  glitchMessage,
  moderateMessage,
  reactionMessage,
  submitStoryMessage,
  type Archive,
  type ErrorReply,
  type Reply,
  type StoryOutcome,
} from '../src/net/protocol.ts';
import type { Session } from './clients.ts';
import { perMinute, scaled, type BucketSpec, type RateLimiter } from './rate-limit.ts';
import { fail, invalid, rateLimited, refuse } from './replies.ts';
import type { ShowLog } from './show-log.ts';

/** Phones share an address (a venue's guest Wi-Fi, a carrier's NAT): an address gets this many times a
 * device's allowance, a ceiling sized for a room (with the default 3 stories a minute, 600 at once: every
 * phone of a room of 500 may send one at the same moment). Limits that matter count per device. */
export const ADDRESS_FACTOR = 200;
/** Devices whose recent story texts are remembered (for `duplicate`), least recently used forgotten. */
const RECENT_DEVICES = 10_000;

/** A story or reaction about a material the sculpture does not have (any more: a live edit removed it). */
const unknownMaterial = (material: string, materials: readonly string[]): ErrorReply =>
  refuse('rejected', 'unknown-material', `unknown material "${material}"`, didYouMean(material, materials), { material });
/** Operator actions: generous, only against a runaway script. */
const OPERATOR_LIMIT: BucketSpec = { burst: 20, perSecond: 5 };

type SeqReply = Reply<{ seq: number }>;

/**
 * The show's rules for each request that changes the log: who may, what is valid against the
 * installation in force, rate limits, idempotency. Every refusal changes nothing. An event is appended
 * (durably) before the reply, and the reply carries its seq.
 */
export class ShowRequests {
  /** Per device: hashes of its recent story texts -> seq, to answer `duplicate` to a resend under a new id. */
  private readonly recentTexts = new Map<string, Map<number, number>>();

  constructor(
    private readonly show: ShowLog,
    private readonly limiter: RateLimiter,
  ) {}

  private installation(): Installation {
    const inst = this.show.current();
    if (!inst) throw new Error('the show has no installation yet');
    return inst;
  }

  async submitStory(session: Session, raw: unknown): Promise<Reply<{ outcome: StoryOutcome; seq: number }>> {
    const parsed = submitStoryMessage.safeParse(raw);
    if (!parsed.success) return invalid('story:submit', parsed.error, 'send { id, text, emotion, material, consent, lang? }');
    const msg = parsed.data;
    // A retry of a story already stored answers its first outcome and costs nothing.
    const stored = this.show.log.storyById.get(msg.id);
    if (stored) return { ok: true, outcome: this.firstOutcome(stored), seq: stored.seq };
    const spec = this.installation().spec;
    const stories = spec.audience.stories;
    if (!stories.enabled) return refuse('rejected', 'stories-closed', 'this installation does not take stories', 'reactions may still be open');
    const length = characterCount(msg.text);
    if (length > stories.maxLength) {
      const error = `the story is ${length} characters long; this installation takes at most ${stories.maxLength}`;
      return refuse('rejected', 'story-too-long', error, 'shorten it and send again', { length, max: stories.maxLength });
    }
    const emotions = Object.keys(stories.emotions);
    if (!emotions.includes(msg.emotion)) {
      return refuse('rejected', 'unknown-emotion', `unknown emotion "${msg.emotion}"`, didYouMean(msg.emotion, emotions), { emotion: msg.emotion });
    }
    const materials = this.materialKeys();
    if (!materials.includes(msg.material)) return unknownMaterial(msg.material, materials);
    const textHash = hashString(msg.text.trim().toLowerCase(), 0x811c9dc5);
    const sent = this.recentTexts.get(session.device)?.get(textHash);
    if (sent !== undefined) return { ok: true, outcome: 'duplicate', seq: sent };
    const limited = this.limit('stories', session, perMinute(spec.audience.limits.storiesPerMinute));
    if (limited) return limited;
    const { event } = await this.show.append({ type: 'story', ...msg }, { dedupeKey: `story:${msg.id}` });
    this.remember(session.device, textHash, event.seq);
    return { ok: true, outcome: this.firstOutcome(event as ShowEvent<StoryBody>), seq: event.seq };
  }

  /** The outcome as the phone first heard it: held under moderation `before`, else shown. */
  private firstOutcome(story: ShowEvent<StoryBody>): StoryOutcome {
    return firstOutcome(this.show.log, this.show.base(), story);
  }

  private remember(device: string, textHash: number, seq: number): void {
    const texts = this.recentTexts.get(device) ?? new Map<number, number>();
    this.recentTexts.delete(device);
    this.recentTexts.set(device, texts);
    texts.set(textHash, seq);
    if (texts.size > 20) texts.delete(texts.keys().next().value as number);
    const oldest = this.recentTexts.keys().next();
    if (this.recentTexts.size > RECENT_DEVICES && !oldest.done) this.recentTexts.delete(oldest.value);
  }

  /** Takes a story or reaction from the device and its address's ceiling; the refusal says which. */
  private limit(what: 'stories' | 'reactions', session: Session, device: BucketSpec): ErrorReply | undefined {
    const address = scaled(device, ADDRESS_FACTOR);
    const { wait, which } = this.limiter.takeAll([
      [`${what}:device:${session.device}`, device],
      [`${what}:address:${session.address}`, address],
    ]);
    if (wait <= 0) return undefined;
    return which === 0
      ? rateLimited(`${what} from this device (${device.burst} at once, then ${Math.round(device.perSecond * 600) / 10} a minute)`, wait)
      : rateLimited(`${what} from this address (a room's ceiling: ${address.burst} at once)`, wait);
  }

  private materialKeys(): string[] {
    const inst = this.installation();
    return attachedSculpture(inst.spec, encodeSculptures(inst))?.rows.map((r) => r.key) ?? [];
  }

  async react(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = reactionMessage.safeParse(raw);
    if (!parsed.success) return invalid('reaction', parsed.error, 'send { kind, material? }');
    const msg = parsed.data;
    const spec = this.installation().spec;
    const reactions = spec.audience.reactions;
    if (!reactions.enabled) return refuse('rejected', 'reactions-closed', 'this installation does not take reactions');
    if (!reactions.kinds.includes(msg.kind)) {
      return refuse('rejected', 'unknown-reaction', `unknown reaction "${msg.kind}"`, didYouMean(msg.kind, reactions.kinds), { kind: msg.kind });
    }
    if (msg.material !== undefined) {
      const materials = this.materialKeys();
      if (!materials.includes(msg.material)) return unknownMaterial(msg.material, materials);
    }
    const limited = this.limit('reactions', session, perMinute(spec.audience.limits.reactionsPerMinute));
    if (limited) return limited;
    const { event } = await this.show.append({ type: 'reaction', ...msg });
    return { ok: true, seq: event.seq };
  }

  private operatorLimit(session: Session): Reply | undefined {
    const wait = this.limiter.take(`operator:${session.clientId}`, OPERATOR_LIMIT);
    return wait > 0 ? rateLimited('operator actions', wait) : undefined;
  }

  async cue(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = cueMessage.safeParse(raw);
    if (!parsed.success) return invalid('cue', parsed.error, 'send { phase: "<phase id>", offset?: seconds into it } or { next: true }');
    const phases = this.installation().spec.phases;
    let phase: string;
    let offset: number | undefined;
    if ('next' in parsed.data) {
      const now = phaseAt(phases, this.show.log, this.show.now()).phase;
      if (now.next === null)
        return fail(
          'rejected',
          `the show is in its last phase ("${now.id}"): there is no next one`,
          `cue a phase by id: ${phases.map((p) => p.id).join(', ')}`,
        );
      phase = now.next;
    } else {
      phase = parsed.data.phase;
      offset = parsed.data.offset;
      const ids = phases.map((p) => p.id);
      if (!ids.includes(phase)) return fail('rejected', `no phase named "${phase}"`, didYouMean(phase, ids).replace('allowed', 'phases'));
    }
    const limited = this.operatorLimit(session);
    if (limited) return limited as SeqReply;
    const { event } = await this.show.append({ type: 'cue', phase, ...(offset ? { offset } : {}) });
    return { ok: true, seq: event.seq };
  }

  async glitch(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = glitchMessage.safeParse(raw ?? {});
    if (!parsed.success) return invalid('glitch', parsed.error, 'send { intensity?: 0..1, seconds?: up to 120 }');
    const limited = this.operatorLimit(session);
    if (limited) return limited as SeqReply;
    const { event } = await this.show.append({ type: 'glitch', ...parsed.data });
    return { ok: true, seq: event.seq };
  }

  /** Blackout on or off. Asking for the state already in force answers the event that set it (a retry of
   * a lost answer stores nothing); lifting a blackout the show never had is refused. */
  async blackout(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = blackoutMessage.safeParse(raw);
    if (!parsed.success) return invalid('blackout', parsed.error, 'send { on: true | false, seconds?: fade 0..60 }');
    const last = this.show.log.blackouts.at(-1);
    if (last && last.on === parsed.data.on) return { ok: true, seq: last.seq };
    if (!last && !parsed.data.on) return fail('rejected', 'there is no blackout to lift', 'send { on: true } to black every screen out');
    const limited = this.operatorLimit(session);
    if (limited) return limited as SeqReply;
    const { event } = await this.show.append({ type: 'blackout', ...parsed.data });
    return { ok: true, seq: event.seq };
  }

  /** Hold on or off, by the same rules as the blackout. */
  async hold(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = holdMessage.safeParse(raw);
    if (!parsed.success) return invalid('hold', parsed.error, 'send { on: true | false }');
    const last = this.show.log.holds.at(-1);
    if (last && last.on === parsed.data.on) return { ok: true, seq: last.seq };
    if (!last && !parsed.data.on) return fail('rejected', 'the show is not held', 'send { on: true } to hold it');
    const limited = this.operatorLimit(session);
    if (limited) return limited as SeqReply;
    const { event } = await this.show.append({ type: 'hold', ...parsed.data });
    return { ok: true, seq: event.seq };
  }

  async moderate(session: Session, raw: unknown): Promise<SeqReply> {
    const parsed = moderateMessage.safeParse(raw);
    if (!parsed.success) return invalid('moderate', parsed.error, 'send { id: "<story id>", action: "approve" | "hide", reason? }');
    const { id, action, reason } = parsed.data;
    const log = this.show.log;
    if (!log.storyById.has(id)) return fail('rejected', `no story with id "${id}"`, 'take the id from the moderation queue or the log');
    if (action === 'approve') {
      if (log.hiddenAt.has(id))
        return fail(
          'rejected',
          `story "${id}" is hidden; a hidden story stays hidden`,
          'hiding is final, so that a screen never shows a story it was told to drop',
        );
      const existing = log.approvals.find((a) => a.id === id);
      if (existing) return { ok: true, seq: existing.seq };
    } else {
      const existing = log.events.find((e) => e.type === 'story-hidden' && e.id === id);
      if (existing) return { ok: true, seq: existing.seq };
    }
    const limited = this.operatorLimit(session);
    if (limited) return limited as SeqReply;
    const { event } = await this.show.append(
      action === 'approve' ? { type: 'story-approved', id } : { type: 'story-hidden', id, ...(reason !== undefined ? { reason } : {}) },
    );
    return { ok: true, seq: event.seq };
  }

  archive(now: number): Reply<{ archive: Archive }> {
    const base = this.show.base();
    if (!base) return fail('unavailable', 'the show has no installation yet');
    return {
      ok: true,
      archive: archiveOfShow(this.show.log, base, now, new Date().toISOString().slice(0, 10)),
    };
  }
}
