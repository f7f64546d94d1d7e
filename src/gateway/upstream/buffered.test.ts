import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { RequestAbort } from '../request-abort.js';
import { createUpstreams } from './pools.js';
import { isAbort, transportError } from './transport-error.js';

let server: Server;
let origin: string;
let closedEarly = 0;
const upstreams = createUpstreams({ connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 300 });

function slowly(res: ServerResponse, parts: string[], gapMs: number): void {
  res.on('close', () => {
    if (!res.writableFinished) closedEarly++;
  });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i === parts.length) return void res.end();
    res.write(parts[i++]);
    setTimeout(next, gapMs);
  };
  next();
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      switch (req.url) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json', 'X-Upstream': 'yes' });
          return slowly(res, ['{"echo":', JSON.stringify(body), ',"n":1}'], 5);
        case '/limited':
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
          return void res.end(`{"error":{"message":"${'x'.repeat(100_000)}"}}`);
        case '/slow':
          res.writeHead(200, { 'content-type': 'application/json' });
          return slowly(res, ['{"a":', '1', ',"b":2}'], 150);
        case '/stall':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.write('{"never":');
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await upstreams.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const post = (path: string, extra: { signal?: RequestAbort; body?: string } = {}) => ({
  path,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: extra.body ?? '{"q":1}',
  ...(extra.signal ? { signal: extra.signal } : {}),
});

test('a 2xx answer arrives whole, in chunks joined, with lower-cased headers', async () => {
  const r = await upstreams.requestBuffered(origin, post('/ok', { body: '{"hello":"wörld"}' }));
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['x-upstream'], 'yes');
  assert.equal(r.truncated, false);
  assert.deepEqual(JSON.parse(r.body.toString('utf8')), { echo: '{"hello":"wörld"}', n: 1 });
});

test('a non-2xx answer keeps its headers and at most maxErrorBody bytes of its body', async () => {
  const r = await upstreams.requestBuffered(origin, post('/limited'), 1_000);
  assert.equal(r.statusCode, 429);
  assert.equal(r.headers['retry-after'], '7');
  assert.equal(r.body.length, 1_000);
  assert.equal(r.truncated, true);
  assert.ok(r.body.toString('utf8').startsWith('{"error":{"message":"xxx'));
});

test('aborting mid-answer rejects with an abort and closes the upstream connection', async () => {
  const signal = new RequestAbort();
  const before = closedEarly;
  const pending = upstreams.requestBuffered(origin, post('/slow', { signal }));
  setTimeout(() => signal.abort(), 100);
  await assert.rejects(pending, (err: unknown) => isAbort(err));
  for (let i = 0; i < 50 && closedEarly === before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(closedEarly, before + 1, 'the upstream saw the connection go');
  assert.equal(signal.listenerCount('abort'), 0, 'no listener left on the request signal');
});

test('a signal aborted before the call rejects without an answer', async () => {
  const signal = new RequestAbort();
  signal.abort();
  await assert.rejects(upstreams.requestBuffered(origin, post('/ok', { signal })), (err: unknown) => isAbort(err));
});

test('a finished call leaves no listener on the signal', async () => {
  const signal = new RequestAbort();
  await upstreams.requestBuffered(origin, post('/ok', { signal }));
  assert.equal(signal.listenerCount('abort'), 0);
});

test('a body that stalls past the pool body timeout is a timeout error', async () => {
  await assert.rejects(upstreams.requestBuffered(origin, post('/stall')), (err: unknown) => transportError(err, 'p').code === 'UPSTREAM_TIMEOUT');
});

test('a refused connection is an unavailable provider', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await assert.rejects(upstreams.requestBuffered(`http://127.0.0.1:${port}`, post('/ok')), (err: unknown) => transportError(err, 'p').code === 'UPSTREAM_UNAVAILABLE');
});
