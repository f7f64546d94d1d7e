// Dashboard sessions: cookie attributes, CSRF on mutations, logout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
before(async () => {
  gs = await startGuardServer();
});
after(async () => {
  await gs.close();
});

async function login(headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string; csrf: string }> {
  const r = await gs.send('/api/auth/login', { method: 'POST', body: { password: PASSWORD }, headers });
  assert.equal(r.status, 200, r.text);
  const setCookie = ([] as string[]).concat(r.headers['set-cookie'] ?? [])[0] ?? '';
  const j = r.json() as { csrfToken: string; csrfHeader: string };
  assert.equal(j.csrfHeader, 'x-csrf-token');
  return { cookie: setCookie.split(';')[0] ?? '', setCookie, csrf: j.csrfToken };
}

test('login sets an httpOnly, SameSite=Strict, expiring cookie; Secure only over https', async () => {
  const { setCookie, cookie } = await login();
  assert.match(cookie, /^switchyard_session=[A-Za-z0-9_-]{43}$/);
  assert.match(setCookie, /; HttpOnly/);
  assert.match(setCookie, /; SameSite=Strict/);
  const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
  assert.ok(maxAge > 11 * 3600 && maxAge <= 12 * 3600, `Max-Age ${maxAge}`);
  assert.doesNotMatch(setCookie, /Secure/);
  const viaTls = await login({ 'X-Forwarded-Proto': 'https' });
  assert.match(viaTls.setCookie, /; Secure/);
});

test('a session reads freely; mutations need the CSRF header', async () => {
  const { cookie, csrf } = await login();
  const read = await gs.send('/api/keys', { headers: { cookie } });
  assert.equal(read.status, 200);
  const noCsrf = await gs.send('/api/keys', { method: 'POST', headers: { cookie }, body: { name: 'k' } });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json().error?.code, 'CSRF_FAILED');
  const wrong = await gs.send('/api/keys', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf.slice(1) + 'x' }, body: { name: 'k' } });
  assert.equal(wrong.status, 403);
  const ok = await gs.send('/api/keys', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: { name: 'k' } });
  assert.equal(ok.status, 201);
  const s = await gs.send('/api/auth/session', { headers: { cookie } });
  assert.equal(s.json().csrfToken, csrf, 'the dashboard can recover its CSRF token after a reload');
});

test('a session works from a remote peer too, and logout ends it', async () => {
  const { cookie } = await login();
  assert.equal((await gs.send('/api/keys', { headers: { cookie, 'X-Forwarded-For': '203.0.113.5' } })).status, 200);
  const out = await gs.send('/api/auth/logout', { method: 'POST', headers: { cookie } });
  assert.equal(out.status, 200);
  assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
  assert.equal((await gs.send('/api/keys', { headers: { cookie } })).status, 401);
  assert.equal((await gs.send('/api/keys', { headers: { cookie: 'switchyard_session=forged' } })).status, 401);
});
