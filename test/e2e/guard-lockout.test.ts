// Brute force: five wrong passwords lock the socket peer out (429 +
// Retry-After), whatever X-Forwarded-For says, a right password included,
// across login and connect, and across a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PASSWORD, send, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-lockout-'));
  gs = await startGuardServer({}, dir);
});
after(async () => {
  await gs.close();
  rmSync(dir, { recursive: true, force: true });
});

const attempt = (path: '/api/auth/login' | '/api/cli/connect', password: string, headers: Record<string, string> = {}, localAddress?: string) =>
  gs.send(path, { method: 'POST', body: { password }, headers, ...(localAddress ? { localAddress } : {}) });

test('five wrong passwords lock the peer out; rotating X-Forwarded-For does not reset; right password refused; restart keeps it', async () => {
  const paths = ['/api/auth/login', '/api/cli/connect', '/api/auth/login', '/api/cli/connect'] as const;
  for (const [i, path] of paths.entries()) {
    const r = await attempt(path, `wrong-${i}`, { 'X-Forwarded-For': `198.51.100.${i + 1}` });
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    assert.equal(r.json().error?.code, 'INVALID_PASSWORD');
  }
  const fifth = await attempt('/api/auth/login', 'wrong-5', { 'X-Forwarded-For': '198.51.100.77' });
  assert.equal(fifth.status, 429);
  assert.equal(fifth.json().error?.code, 'LOCKED_OUT');
  const retry = Number(fifth.headers['retry-after']);
  assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);

  for (const path of ['/api/auth/login', '/api/cli/connect'] as const) {
    const right = await attempt(path, PASSWORD, { 'X-Forwarded-For': '192.0.2.200' });
    assert.equal(right.status, 429, `${path}: the right password during a lockout is refused`);
    assert.ok(Number(right.headers['retry-after']) > 0);
  }

  // Another peer (127.0.0.2 is loopback too on Linux) is not locked.
  const other = await attempt('/api/auth/login', PASSWORD, {}, '127.0.0.2');
  assert.equal(other.status, 200, other.text);

  await gs.restart();
  const afterRestart = await attempt('/api/cli/connect', PASSWORD);
  assert.equal(afterRestart.status, 429);
  assert.ok(Number(afterRestart.headers['retry-after']) > 0);
});

test('a correct password before the limit clears the count', async () => {
  const peer = '127.0.0.3';
  for (let i = 0; i < 4; i++) assert.equal((await attempt('/api/auth/login', 'nope', {}, peer)).status, 401);
  assert.equal((await attempt('/api/auth/login', PASSWORD, {}, peer)).status, 200);
  for (let i = 0; i < 4; i++) assert.equal((await attempt('/api/auth/login', 'nope', {}, peer)).status, 401);
  assert.equal((await attempt('/api/auth/login', PASSWORD, {}, peer)).status, 200);
});

test('parallel wrong guesses are all counted', async () => {
  const peer = '127.0.0.4';
  const replies = await Promise.all(Array.from({ length: 8 }, () => attempt('/api/cli/connect', 'nope', {}, peer)));
  assert.equal(replies.filter((r) => r.status === 401).length, 4);
  assert.equal(replies.filter((r) => r.status === 429).length, 4);
});

test('tunnel traffic has a lockout of its own: five wrong passwords through the ingress do not lock out this machine', async () => {
  const other = await startGuardServer();
  try {
    const ingress = `http://127.0.0.1:${other.server.ingressPort}`;
    const viaTunnel = (password: string) => send(ingress, '/api/auth/login', { method: 'POST', body: { password }, headers: { host: 'dash-e2e.trycloudflare.com', 'cf-connecting-ip': '203.0.113.9' } });
    for (let i = 1; i <= 5; i++) assert.equal((await viaTunnel(`wrong-${i}`)).status, i < 5 ? 401 : 429, `attempt ${i}`);
    assert.equal((await viaTunnel(PASSWORD)).status, 429, 'the tunnel bucket is locked, the right password included');
    const local = await other.send('/api/auth/login', { method: 'POST', body: { password: PASSWORD } });
    assert.equal(local.status, 200, 'the main port from this machine still logs in');
  } finally {
    await other.close();
  }
});
