import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { test, type TestContext } from 'node:test';
import { VERSION } from '../core/index.js';
import type { Gateway } from '../gateway/index.js';
import { createRequestListener, type NodeListener } from './app.js';
import { listen } from './listen.js';

const gateway = {
  handle: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('gateway');
  },
} as Pick<Gateway, 'handle'> as Gateway;

const management: NodeListener = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`management ${req.method} ${req.url}`);
};

/** GET with any headers (fetch may not set Host). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** A server on the listener under test; `load` stands in for importing the management plane. */
async function serve(t: TestContext, load: () => Promise<NodeListener>) {
  const errors: unknown[] = [];
  const server = createServer(createRequestListener(gateway, load, { logger: { error: (o: unknown) => void errors.push(o) }, hosts: new Set<string>() }));
  const base = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { base, errors };
}

test('GET /api/health and /v1 are answered without loading the management plane', async (t) => {
  let loads = 0;
  const { base } = await serve(t, async () => (loads++, management));
  const health = await fetch(`${base}/api/health?probe=1`);
  assert.equal(health.status, 200);
  assert.equal(health.headers.get('content-type'), 'application/json');
  assert.deepEqual(await health.json(), { status: 'ok', version: VERSION });
  const head = await fetch(`${base}/api/health`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  assert.equal(await (await fetch(`${base}/v1/models`)).text(), 'gateway');
  assert.equal(loads, 0);
});

test('a health probe with a foreign Host on loopback goes to the management plane (its guard refuses it)', async (t) => {
  const { base } = await serve(t, async () => management);
  for (const host of ['evil.example', 'localhost.evil.example:80']) {
    assert.equal((await get(`${base}/api/health`, { host })).body, 'management GET /api/health', host);
  }
  assert.equal((await get(`${base}/api/health`, { host: 'localhost:1' })).body, JSON.stringify({ status: 'ok', version: VERSION }));
  const forwarded = await get(`${base}/api/health`, { host: 'evil.example', 'x-forwarded-for': '203.0.113.9' });
  assert.equal(forwarded.body, JSON.stringify({ status: 'ok', version: VERSION }), 'a remote request is not subject to the loopback Host rule');
});

test('POST /api/health is not the probe: it goes to the management plane (and its guard)', async (t) => {
  const { base } = await serve(t, async () => management);
  assert.equal(await (await fetch(`${base}/api/health`, { method: 'POST' })).text(), 'management POST /api/health');
});

test('the management plane is loaded once; requests that arrive during the load all reach it', async (t) => {
  let loads = 0;
  let release: () => void = () => {};
  const { base } = await serve(t, async () => {
    loads++;
    await new Promise<void>((r) => (release = r));
    return management;
  });
  const pending = Promise.all(['/api/a', '/api/b', '/'].map(async (p) => (await fetch(base + p)).text()));
  while (loads === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 30)); // let the other two requests arrive while loading
  release();
  assert.deepEqual(await pending, ['management GET /api/a', 'management GET /api/b', 'management GET /']);
  assert.equal(await (await fetch(`${base}/api/c`)).text(), 'management GET /api/c');
  assert.equal(loads, 1);
});

test('a failed load answers 500 in the management error format, without its details, and the next request retries', async (t) => {
  let loads = 0;
  const { base, errors } = await serve(t, async () => {
    if (++loads === 1) throw new Error('boom: /secret/path');
    return management;
  });
  const r = await fetch(`${base}/api/keys`);
  assert.equal(r.status, 500);
  const body = (await r.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'INTERNAL');
  assert.doesNotMatch(body.error.message, /secret|boom/);
  assert.equal(errors.length, 1, 'the cause is logged');
  assert.equal(await (await fetch(`${base}/api/keys`)).text(), 'management GET /api/keys');
  assert.equal(loads, 2);
});
