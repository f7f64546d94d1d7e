import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApiClient } from './api-client.js';
import type { Target } from './contexts.js';
import { CliError } from './exit-codes.js';

let server: Server;
let url = '';
const seen: { path: string; auth?: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ok') return reply(200, { fine: true, query: req.url });
    if (path === '/scope') return reply(403, { error: { code: 'INSUFFICIENT_SCOPE', message: "this token has scope 'read'; POST /api/keys needs 'write'" } });
    if (path === '/auth') return reply(401, { error: { code: 'AUTH_REQUIRED', message: 'Authentication required' } });
    if (path === '/missing') return reply(404, { error: { code: 'NOT_FOUND', message: "no combo 'x'" } });
    if (path === '/bad') return reply(400, { error: { code: 'VALIDATION_FAILED', message: 'name: too short' } });
    if (path === '/locked') return reply(429, { error: { code: 'LOCKED_OUT', message: 'too many failed attempts' } }, { 'retry-after': '900' });
    if (path === '/boom') return reply(500, 'not json');
    if (path === '/moved') return reply(301, '', { location: 'https://elsewhere.example/ok' });
    if (path === '/html') return reply(200, '<html>');
    reply(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const target = (): Target => ({ url, context: 'x', auth: { kind: 'token', token: 'sya_live_t' }, source: 'context' });

async function failure(path: string): Promise<CliError> {
  try {
    await createApiClient(target(), {}).get(path);
  } catch (err) {
    assert.ok(err instanceof CliError);
    return err;
  }
  assert.fail(`${path} did not fail`);
}

test('answers come back parsed, with query and bearer', async () => {
  const body = await createApiClient(target(), {}).get<{ fine: boolean; query: string }>('/ok', { query: { a: 'b c', skip: undefined } });
  assert.deepEqual(body, { fine: true, query: '/ok?a=b+c' });
  assert.equal(seen.at(-1)?.auth, 'Bearer sya_live_t');
});

test('statuses map to the exit codes of SPEC §4, with the server message', async () => {
  const scope = await failure('/scope');
  assert.equal(scope.exitCode, 3);
  assert.match(scope.message, /scope 'read'.*needs 'write' \(INSUFFICIENT_SCOPE\)/);
  assert.equal((await failure('/auth')).exitCode, 3);
  assert.equal((await failure('/missing')).exitCode, 4);
  assert.equal((await failure('/bad')).exitCode, 2);
  const locked = await failure('/locked');
  assert.deepEqual([locked.exitCode, /retry after 900 s/.test(locked.message)], [1, true]);
  assert.equal((await failure('/boom')).exitCode, 1);
  assert.match((await failure('/html')).message, /not JSON/);
});

test('redirects are not followed (the credential stays with the chosen URL)', async () => {
  const before = seen.length;
  const moved = await failure('/moved');
  assert.match(moved.message, /redirects to https:\/\/elsewhere\.example\/ok/);
  assert.equal(seen.length, before + 1);
});

test('a refused connection is exit 5 naming the URL', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const t: Target = { url: `http://127.0.0.1:${port}`, context: null, auth: null, source: 'flag' };
  await assert.rejects(createApiClient(t, {}).get('/x'), (e: unknown) => e instanceof CliError && e.exitCode === 5 && e.message.includes(`127.0.0.1:${port}`) && /connection refused/.test(e.message));
});
