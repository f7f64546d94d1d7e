// POST /api/auth/password: the current password goes through the login's door
// (wrong → 401 and counted by the lockout), bad input is a 400 that changes
// nothing, and a change logs every other session out while access tokens and
// the caller's own session keep working.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bearer, cli, connectToken, PASSWORD, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
before(async () => {
  gs = await startGuardServer();
});
after(() => gs?.close());

const NEW = 'a much better passphrase';

async function login(password: string): Promise<{ status: number; cookie: string; csrf: string }> {
  const r = await gs.send('/api/auth/login', { method: 'POST', body: { password } });
  const cookie = (([] as string[]).concat(r.headers['set-cookie'] ?? [])[0] ?? '').split(';')[0] ?? '';
  return { status: r.status, cookie, csrf: r.status === 200 ? (r.json() as { csrfToken: string }).csrfToken : '' };
}

const change = (body: unknown, headers: Record<string, string> = cli) => gs.send('/api/auth/password', { method: 'POST', headers, body });

test('bad input is a 400 naming the field, and the password stays', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ currentPassword: PASSWORD }, /newPassword/],
    [{ currentPassword: PASSWORD, newPassword: 'short' }, /newPassword: at least 12 characters/],
    [{ currentPassword: PASSWORD, newPassword: PASSWORD }, /must differ/],
    [{ currentPassword: PASSWORD, newPassword: ' padded password ' }, /spaces/],
    [{ currentPassword: PASSWORD, newPassword: NEW, extra: 1 }, /unknown field 'extra'/],
    ['{"currentPassword":', /not valid JSON/],
  ];
  for (const [body, message] of cases) {
    const r = await change(body);
    assert.equal(r.status, 400, r.text);
    assert.match(r.json().error?.message ?? '', message);
  }
  assert.equal((await login(PASSWORD)).status, 200);
});

test('a read or write token cannot change it; a session needs its CSRF token', async () => {
  const { token } = await connectToken(gs, 'write');
  const r = await change({ currentPassword: PASSWORD, newPassword: NEW }, bearer(token));
  assert.equal(r.status, 403);
  assert.equal(r.json().error?.code, 'INSUFFICIENT_SCOPE');
  const s = await login(PASSWORD);
  assert.equal((await change({ currentPassword: PASSWORD, newPassword: NEW }, { cookie: s.cookie })).status, 403, 'no CSRF token');
  assert.equal((await login(PASSWORD)).status, 200, 'unchanged');
});

test('a wrong current password is refused like a wrong login and counts toward the lockout', async () => {
  const r = await change({ currentPassword: 'not it', newPassword: NEW });
  assert.equal(r.status, 401);
  assert.equal(r.json().error?.code, 'INVALID_PASSWORD');
  const audit = readFileSync(join(gs.server.instanceDir, 'audit.jsonl'), 'utf8');
  assert.match(audit, /"event":"auth\.password_change","outcome":"failure"/);
  assert.ok(!audit.includes(NEW) && !audit.includes('not it'), 'no password in the audit log');
  // The same counter as logins: the next wrong login is failure number 2 from this address.
  assert.equal((await login('also wrong')).status, 401);
  const last = readFileSync(join(gs.server.instanceDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; details?: { failures?: number } });
  assert.equal(last.filter((e) => e.event === 'auth.login').at(-1)?.details?.failures, 2);
  assert.equal((await login(PASSWORD)).status, 200, 'unchanged');
});

test('a change logs the other sessions out, keeps the caller and tokens, and only the new password works', async () => {
  const other = await login(PASSWORD);
  const mine = await login(PASSWORD);
  const { token } = await connectToken(gs, 'read');
  const r = await change({ currentPassword: PASSWORD, newPassword: NEW }, { cookie: mine.cookie, 'x-csrf-token': mine.csrf });
  assert.equal(r.status, 200, r.text);
  assert.equal((await gs.send('/api/keys', { headers: { cookie: other.cookie } })).status, 401, 'the other session is gone');
  assert.equal((await gs.send('/api/keys', { headers: { cookie: mine.cookie } })).status, 200, 'the caller stays logged in');
  assert.equal((await gs.send('/api/keys', { headers: bearer(token) })).status, 200, 'access tokens are unaffected');
  assert.equal((await login(PASSWORD)).status, 401);
  assert.equal((await login(NEW)).status, 200);
  assert.match(readFileSync(join(gs.server.instanceDir, 'audit.jsonl'), 'utf8'), /"event":"auth\.password_change","outcome":"success"/);
  await gs.restart();
  assert.equal((await login(NEW)).status, 200, 'kept across a restart (SWITCHYARD_PASSWORD seeds only the first start)');
});
