import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { applyCors } from './cors.js';

let server: Server;
let base: string;
before(async () => {
  server = createServer((req, res) => {
    if (applyCors(req, res, new Set(['https://app.example']))) return;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('a configured origin gets CORS headers and its preflight answered', async () => {
  const pre = await fetch(`${base}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/);
  const get = await fetch(base, { headers: { origin: 'https://app.example' } });
  assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.match(get.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
});

test('any other origin gets none, never *', async () => {
  const pre = await fetch(`${base}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  const get = await fetch(base, { headers: { origin: 'https://evil.example' } });
  assert.equal(get.headers.get('access-control-allow-origin'), null);
  assert.equal(await get.text(), 'ok');
});
