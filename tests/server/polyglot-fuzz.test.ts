import { get } from 'node:https';
import { get as httpGet } from 'node:http';
import { connect as tcp, createServer } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { showForFile } from './show-server.ts';

/**
 * The one port that speaks TLS and plain HTTP (server/polyglot.ts) under generated garbage: mutated and cut
 * TLS ClientHellos, TLS-looking records, plain bytes, connections that send nothing. Errors on the raw or
 * the TLS socket must never reach the process; afterwards HTTPS and HTTP are both still served.
 */

const CONNECTIONS = 1500;
const CONCURRENT = 64;

const show = showForFile(undefined, (dir) => ({ dataDir: join(dir, 'data'), https: true }));
let hello: Buffer;
beforeAll(async () => {
  hello = await clientHello();
});

/** A real ClientHello, as Node's TLS client sends it (captured from a listener that answers nothing). */
function clientHello(): Promise<Buffer> {
  return new Promise((done) => {
    const sink = createServer((s) =>
      s.once('data', (d: Buffer) => {
        done(d);
        s.destroy();
        sink.close();
      }),
    ).listen(0, '127.0.0.1', () => {
      const port = (sink.address() as { port: number }).port;
      tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }).on('error', () => {});
    });
  });
}

const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });
const payload = fc.oneof(
  fc
    .record({ cut: fc.double({ min: 0, max: 1, noNaN: true }), flips: fc.array(mutation, { maxLength: 6 }), tail: fc.uint8Array({ maxLength: 64 }) })
    .map(({ cut, flips, tail }) => {
      const b = Buffer.from(hello);
      for (const f of flips) b[f.at % b.length] = f.byte;
      return Buffer.concat([b.subarray(0, Math.max(1, Math.floor(b.length * cut))), tail]);
    }),
  fc.uint8Array({ minLength: 1, maxLength: 600 }).map((u) => Buffer.concat([Buffer.from([0x16]), u])),
  fc.uint8Array({ minLength: 1, maxLength: 600 }).map((u) => Buffer.from(u)),
  fc.constant(Buffer.alloc(0)),
);

function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((done) => {
    const socket = tcp({ host: '127.0.0.1', port });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const quiet = () => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.destroy(), 60);
    };
    socket.on('data', quiet);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(idle);
      done();
    });
    socket.on('connect', () => {
      if (bytes.length > 0) socket.write(bytes);
      quiet();
    });
  });
}

const status = (getFn: typeof get | typeof httpGet) =>
  new Promise<number>((done, reject) => {
    getFn({ host: '127.0.0.1', port: show.server.port, path: '/api/show', rejectUnauthorized: false }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', reject);
  });

describe('the HTTPS + HTTP port under garbage', () => {
  it(`survives ${CONNECTIONS} mutated TLS handshakes and random bytes, and still serves both`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const inputs = fc.sample(payload, { seed, numRuns: CONNECTIONS });
    let next = 0;
    const startMs = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        while (next < inputs.length) await send(show.server.port, inputs[next++] as Buffer);
      }),
    );
    const seconds = (performance.now() - startMs) / 1000;
    console.log(`polyglot fuzz (seed ${seed}): ${inputs.length} connections in ${seconds.toFixed(1)} s (${Math.round(inputs.length / seconds)}/s)`);
    expect(await status(get)).toBe(200);
    expect(await status(httpGet)).toBe(200);
  }, 300_000);
});
