import WebSocket from 'ws';

/**
 * The least a client must do to be a socket.io client, for the benchmarks: one `ws` connection that speaks
 * Engine.IO v4 over the websocket transport and socket.io v5 packets in text frames, nothing else (no
 * polling, no upgrade, no binary attachments, no reconnection, no namespaces but `/`). With
 * socket.io-client in Node the viewers cost more CPU than the server they measure (1,000 of them used
 * 109% of 2 cores against the server's 60%); this one costs a frame parse and a JSON.parse per message, so
 * the server is what the figures measure. Every target of a benchmark (the bare ws floor too) is read
 * through it, so the client side costs the same for all of them.
 *
 * The wire, as used here (see server/PROTOCOL.md and socket.io's protocol docs):
 * - Engine.IO: the server opens with `0{"sid",...,"pingInterval",...}`, pings with `2` (answered `3`),
 *   closes with `1`; `4` prefixes a message.
 * - socket.io inside a message: `0` connect (`40` from the client, `40{"sid"}` back), `2` event
 *   (`42["name",...args]`, or `42<id>[...]` when it asks for an ack), `3` ack (`43<id>[...args]`),
 *   `4` connect error.
 */
export interface RawSocketOptions {
  /** Source address to connect from (e.g. 127.0.1.x, to spread clients over addresses). */
  readonly localAddress?: string;
  /** How long the Engine.IO and socket.io handshakes may take (ms). Default 30,000. */
  readonly handshakeTimeoutMs?: number;
  /** How long a request waits for its ack before it rejects (ms). Default 60,000. */
  readonly ackTimeoutMs?: number;
}

type Listener = (args: unknown[]) => void;

export class RawSocket {
  private readonly ws: WebSocket;
  private readonly listeners = new Map<string, Listener>();
  private readonly acks = new Map<number, { readonly done: (args: unknown[]) => void; readonly fail: (e: Error) => void }>();
  private ackTimeoutMs = 60_000;
  private nextAck = 0;
  private closed = false;
  /** Called once when the connection ends for any reason other than close(). */
  onClose: (reason: string) => void = () => {};

  private constructor(ws: WebSocket) {
    this.ws = ws;
  }

  /** Opens the connection and joins the default namespace; rejects with why it could not. */
  static connect(url: string, options: RawSocketOptions = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const socket = new RawSocket(ws);
    socket.ackTimeoutMs = options.ackTimeoutMs ?? socket.ackTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('socket.io handshake timed out')), options.handshakeTimeoutMs ?? 30_000);
      const fail = (e: Error) => {
        clearTimeout(timer);
        socket.closed = true;
        ws.terminate();
        reject(e);
      };
      ws.once('error', fail);
      ws.on('close', () => {
        socket.failAcks('the connection closed before the answer');
        if (!socket.closed) {
          socket.closed = true;
          socket.onClose('transport close');
        }
      });
      ws.on('message', (data) => {
        const frame = String(data);
        switch (frame.charCodeAt(0)) {
          case 0x30: // 0: Engine.IO open; join the default namespace
            ws.send('40');
            return;
          case 0x32: // 2: ping
            ws.send('3');
            return;
          case 0x31: // 1: close
            ws.close();
            return;
          case 0x34: // 4: message (a socket.io packet)
            break;
          default:
            return;
        }
        switch (frame.charCodeAt(1)) {
          case 0x30: // connect
            clearTimeout(timer);
            ws.off('error', fail);
            ws.on('error', () => {});
            resolve(socket);
            return;
          case 0x34: // connect error
            fail(new Error(`socket.io refused the connection: ${frame.slice(2)}`));
            return;
          case 0x32: // event
            socket.onEvent(frame);
            return;
          case 0x33: // ack
            socket.onAck(frame);
            return;
          default:
            return;
        }
      });
    });
  }

  /** Handles server events named `name` (one listener per name: enough for a benchmark). */
  on(name: string, listener: Listener): void {
    this.listeners.set(name, listener);
  }

  emit(name: string, ...args: unknown[]): void {
    if (!this.closed) this.ws.send(`42${JSON.stringify([name, ...args])}`);
  }

  /** Emits with an acknowledgement; resolves with the ack's first argument, rejects when no answer came
   * within the ack timeout or the connection closed first. */
  request<R>(name: string, ...args: unknown[]): Promise<R> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error(`${name}: the connection is closed`));
      const id = this.nextAck++;
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`${name}: no answer within ${this.ackTimeoutMs / 1000} s`));
      }, this.ackTimeoutMs);
      this.acks.set(id, {
        done: (reply) => {
          clearTimeout(timer);
          resolve(reply[0] as R);
        },
        fail: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.ws.send(`42${id}${JSON.stringify([name, ...args])}`);
    });
  }

  close(): void {
    this.closed = true;
    this.failAcks('closed by the client');
    this.ws.terminate();
  }

  private failAcks(why: string): void {
    for (const { fail } of this.acks.values()) fail(new Error(why));
    this.acks.clear();
  }

  private onEvent(frame: string): void {
    // `42["name",...]`: an event with an ack id (`42<id>[`) is not sent by the servers benchmarked.
    const parsed = JSON.parse(frame.slice(2)) as unknown[];
    const listener = this.listeners.get(parsed[0] as string);
    if (listener) listener(parsed.slice(1));
  }

  private onAck(frame: string): void {
    const open = frame.indexOf('[', 2);
    const id = Number(frame.slice(2, open));
    const waiting = this.acks.get(id);
    if (!waiting) return;
    this.acks.delete(id);
    waiting.done(JSON.parse(frame.slice(open)) as unknown[]);
  }
}
