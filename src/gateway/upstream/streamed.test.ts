import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { RequestAbort } from '../request-abort.js';
import { createUpstreams } from './pools.js';
import type { StreamEnd } from './streamed.js';
import { isAbort } from './transport-error.js';

const BIG_CHUNK = Buffer.alloc(64 * 1024, 'x');
const BIG_CHUNKS = 80; // 5 MiB: more than the sockets buffer, so backpressure has to work

let upstream: Server;
let origin: string;
const upstreams = createUpstreams({ connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });

before(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      switch (req.url) {
        case '/sse': {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          let i = 0;
          const next = () => {
            if (i === 5) return void res.end('data: [DONE]\n\n');
            res.write(`data: ${i++}\n\n`);
            setTimeout(next, 5);
          };
          return next();
        }
        case '/big': {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          let i = 0;
          const more = () => {
            while (i < BIG_CHUNKS) {
              i++;
              if (!res.write(BIG_CHUNK)) return void res.once('drain', more);
            }
            res.end();
          };
          return more();
        }
        case '/tiny':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          return void res.end('data: whole\n\n');
        case '/dies':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: 1\n\n');
          return void setTimeout(() => res.destroy(), 20);
        case '/error':
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3' });
          return void res.end('{"error":{"message":"overloaded"}}');
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

after(async () => {
  await upstreams.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

/** A front server that relays `path` from the upstream through `requestStream`; resolves with what the client got. */
async function throughFront(
  path: string,
  opts: { transform?: (c: Buffer) => Buffer | string | null; signal?: RequestAbort; clientPauseMs?: number } = {},
): Promise<{ end: StreamEnd | null; received: Buffer; status: number }> {
  let end: StreamEnd | null = null;
  const front = createServer(async (_req: IncomingMessage, res: ServerResponse) => {
    const start = await upstreams.requestStream(origin, { path, method: 'GET', headers: {}, ...(opts.signal ? { signal: opts.signal } : {}) });
    if (!start.ok) return void res.writeHead(599).end();
    end = await start.stream.relay(res, {
      onChunk: opts.transform ?? ((c) => c),
      commit: () => res.writeHead(200, { 'content-type': start.stream.headers['content-type'] ?? 'text/plain' }),
    });
    res.end();
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  try {
    const port = (front.address() as AddressInfo).port;
    return await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        const parts: Buffer[] = [];
        if (opts.clientPauseMs) {
          res.pause();
          setTimeout(() => res.resume(), opts.clientPauseMs);
        }
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ end, received: Buffer.concat(parts), status: res.statusCode ?? 0 }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  } finally {
    front.closeAllConnections();
    await new Promise<void>((r) => front.close(() => r()));
  }
}

test('a 2xx stream is relayed chunk by chunk through the sink, and ends ok', async () => {
  const r = await throughFront('/sse', { transform: (c) => c.toString('utf8').toUpperCase() });
  assert.equal(r.status, 200);
  assert.equal(r.received.toString('utf8'), 'DATA: 0\n\nDATA: 1\n\nDATA: 2\n\nDATA: 3\n\nDATA: 4\n\nDATA: [DONE]\n\n');
  assert.deepEqual(r.end, { ok: true, committed: true });
});

test('an answer that is complete before relay() is called is still relayed whole', async () => {
  const r = await throughFront('/tiny');
  assert.equal(r.received.toString('utf8'), 'data: whole\n\n');
  assert.deepEqual(r.end, { ok: true, committed: true });
});

test('a slow client gets every byte of a large stream (backpressure pauses and resumes the upstream)', async () => {
  const r = await throughFront('/big', { clientPauseMs: 300 });
  assert.equal(r.received.length, BIG_CHUNK.length * BIG_CHUNKS);
  assert.ok(r.received.every((b) => b === 0x78));
  assert.deepEqual(r.end, { ok: true, committed: true });
});

test('a sink that sends nothing leaves the answer uncommitted', async () => {
  const r = await throughFront('/sse', { transform: () => null });
  assert.deepEqual(r.end, { ok: true, committed: false });
});

test('an upstream that dies mid-stream ends the relay with an error, committed', async () => {
  const r = await throughFront('/dies');
  assert.equal(r.end?.ok, false);
  assert.equal(r.end?.committed, true);
  assert.equal(r.received.toString('utf8'), 'data: 1\n\n');
});

test('aborting the signal mid-stream ends the relay with an abort and leaves no listener', async () => {
  const signal = new RequestAbort();
  // Aborted as the first chunk passes: certainly mid-stream (the upstream sends 6 frames, 5 ms apart).
  const r = await throughFront('/sse', {
    signal,
    transform: (c) => {
      setImmediate(() => signal.abort());
      return c;
    },
  });
  assert.equal(r.received.toString('utf8').startsWith('data: 0'), true);
  assert.equal(r.received.includes('[DONE]'), false);
  assert.equal(r.end?.ok, false);
  assert.ok(r.end && !r.end.ok && isAbort(r.end.error));
  assert.equal(signal.listenerCount('abort'), 0);
});

test('a non-2xx answer is read whole, with its headers, and not relayed', async () => {
  const start = await upstreams.requestStream(origin, { path: '/error', method: 'GET', headers: {} });
  assert.equal(start.ok, false);
  if (start.ok) return;
  assert.equal(start.failure.statusCode, 503);
  assert.equal(start.failure.headers['retry-after'], '3');
  assert.equal(start.failure.body.toString('utf8'), '{"error":{"message":"overloaded"}}');
});

test('a refused connection rejects before any answer', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await assert.rejects(upstreams.requestStream(`http://127.0.0.1:${port}`, { path: '/sse', method: 'GET', headers: {} }));
});
