/** What the soak bench's processes say to each other over Node's IPC channel (the clock is fanout's
 * nowMs: CLOCK_MONOTONIC, shared by every process on the machine). */

/** What the clients need to know of the show to act in it (read by the bench from the installation). */
export interface ShowFacts {
  readonly reactionKinds: readonly string[];
  readonly emotions: readonly string[];
  readonly materials: readonly string[];
  readonly phases: readonly string[];
}

/** How the audience and the operator behave (means of exponential waits, seconds). */
export interface Behaviour {
  readonly reactionEverySeconds: number;
  readonly storyEverySeconds: number;
  readonly cueEverySeconds: number;
  /** The operator moderates a held story after this long (uniform in [min, max]). */
  readonly moderateAfterSeconds: readonly [number, number];
  /** Share of held stories the operator hides instead of approving. */
  readonly hideShare: number;
}

export interface Sent {
  readonly seq: number;
  readonly sentAtMs: number;
}

export type ClientsCommand =
  | {
      readonly type: 'connect';
      readonly url: string;
      readonly token: string;
      /** Global indexes of this process's clients: they pick source addresses and seeds. */
      readonly viewers: readonly number[];
      readonly phones: readonly number[];
      readonly operator: boolean;
      readonly show: ShowFacts;
      readonly behaviour: Behaviour;
      readonly seed: number;
    }
  /** Phones and the operator act until `untilMs` (nowMs), then wait for their last answers. */
  | { readonly type: 'start'; readonly untilMs: number }
  /** How many of these seqs each viewer and phone still waits for. */
  | { readonly type: 'count'; readonly seqs: readonly number[] }
  /** Latencies of the acked events (all processes' sends), per minute since `originMs`. */
  | { readonly type: 'collect'; readonly originMs: number; readonly sent: readonly Sent[] }
  | { readonly type: 'clock' }
  | { readonly type: 'stop' };

/** What phones and the operator got back, by kind. */
export interface Answers {
  readonly acked: number;
  /** Refused by a limit (rate-limited): the server stored nothing, nothing to deliver. */
  readonly limited: number;
  /** Refused for another reason (each is a defect of the bench or the server: printed). */
  readonly refused: number;
  /** No answer (the connection closed, or none within the ack timeout): the event may or may not exist. */
  readonly unanswered: number;
  readonly lastRefusal?: string;
}

export type ClientsReport =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly sent: readonly Sent[]; readonly answers: Readonly<Record<string, Answers>> }
  | { readonly type: 'count'; readonly missing: number }
  | {
      readonly type: 'result';
      /** Latencies (ms) of (acked event, viewer) deliveries, by minute of the send. */
      readonly latenciesByMinute: readonly (readonly number[])[];
      /** (acked event, viewer) pairs never delivered. */
      readonly lost: number;
      /** Of those, pairs of viewers whose connection stayed up (the rest: the server ended it). */
      readonly lostLive: number;
      /** Send to acknowledgement (ms) of acked requests, a sorted sample of at most ~2000. */
      readonly ackMs: readonly number[];
      /** (acked seq, phone) pairs missing from the phones' logs. */
      readonly phoneMissing: number;
      readonly duplicates: number;
      readonly gaps: number;
      /** Connections the server ended during the run, and why the last one ended. */
      readonly closed: number;
      readonly closeReason?: string;
      readonly cpuMs: number;
      readonly framesPerViewer: number;
      readonly framesPerPhone: number;
    }
  | { readonly type: 'clock'; readonly nowMs: number }
  | { readonly type: 'error'; readonly message: string };
