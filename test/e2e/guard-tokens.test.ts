// Access tokens through the real server: connect, scopes, the one 401 body for
// every bad bearer, delegation, revocation, precedence over the CLI token.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateAccessToken, generateInferenceKey, hashAccessToken } from '../../src/core/index.js';
import { bearer, cli, connectToken, PASSWORD, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
before(async () => {
  gs = await startGuardServer();
});
after(async () => {
  await gs.close();
});

test('connect mints an admin token by default, good for 90 days, shown once', async () => {
  const r = await gs.send('/api/cli/connect', { method: 'POST', body: { password: PASSWORD, name: 'laptop' } });
  assert.equal(r.status, 201);
  const j = r.json() as { token: string; scope: string; expiresAt: number; prefix: string; name: string };
  assert.match(j.token, /^sya_live_[A-Za-z0-9]{38}$/);
  assert.equal(j.scope, 'admin');
  assert.equal(j.name, 'laptop');
  assert.equal(j.prefix, `${j.token.slice(0, 13)}…`);
  const days = (j.expiresAt - Date.now()) / 86_400_000;
  assert.ok(days > 89.9 && days <= 90, `expiry ${days} days`);
  const who = await gs.send('/api/cli/whoami', { headers: bearer(j.token) });
  assert.equal(who.status, 200);
  assert.equal(who.json().scope, 'admin');
  assert.equal(who.json().kind, 'token');
  const list = await gs.send('/api/cli/tokens', { headers: bearer(j.token) });
  assert.equal(list.status, 200);
  assert.ok(!list.text.includes(j.token), 'a listing never shows the secret');
  assert.ok(!list.text.includes(hashAccessToken(j.token)), 'nor its hash');
});

test('a read token reads, and a write gets the exact INSUFFICIENT_SCOPE answer', async () => {
  const { token } = await connectToken(gs, 'read');
  assert.equal((await gs.send('/api/models', { headers: bearer(token) })).status, 200);
  const r = await gs.send('/api/keys', { method: 'POST', headers: bearer(token), body: { name: 'x' } });
  assert.equal(r.status, 403);
  assert.equal(r.text, JSON.stringify({ error: { code: 'INSUFFICIENT_SCOPE', message: "this token has scope 'read'; POST /api/keys needs 'write'" } }));
  const w = await connectToken(gs, 'write');
  assert.equal((await gs.send('/api/keys', { method: 'POST', headers: bearer(w.token), body: { name: 'x' } })).status, 201);
  const p = await gs.send('/api/providers', { method: 'POST', headers: bearer(w.token), body: { preset: 'openai' } });
  assert.equal(p.status, 403);
  assert.equal(p.json().error?.message, "this token has scope 'write'; POST /api/providers needs 'admin'");
  assert.equal((await gs.send('/api/audit', { headers: bearer(w.token) })).status, 403);
  assert.equal((await gs.send('/api/cli/tokens', { headers: bearer(w.token) })).status, 403);
});

test('flipped checksum, unknown, expired, revoked and inference-key bearers get one identical 401', async () => {
  const { token: good, id } = await connectToken(gs, 'read');
  const last = good.at(-1) === 'a' ? 'b' : 'a';
  const flipped = good.slice(0, -1) + last;
  const unknown = generateAccessToken();
  const expired = generateAccessToken();
  await gs.server.repos.tokens.create({
    name: 'old',
    prefix: expired.slice(0, 13),
    tokenHash: hashAccessToken(expired),
    scope: 'admin',
    parentId: null,
    expiresAt: Date.now() - 1000,
  });
  const { token: revoked, id: revokedId } = await connectToken(gs, 'read');
  const { token: admin } = await connectToken(gs);
  assert.equal((await gs.send(`/api/cli/tokens/${revokedId}`, { method: 'DELETE', headers: bearer(admin) })).status, 200);
  const bodies = new Set<string>();
  for (const t of [flipped, unknown, expired, revoked, generateInferenceKey(), 'garbage']) {
    const r = await gs.send('/api/models', { headers: bearer(t) });
    assert.equal(r.status, 401, t);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    bodies.add(r.text);
  }
  assert.deepEqual([...bodies], [JSON.stringify({ error: { code: 'INVALID_TOKEN', message: 'Invalid or expired access token' } })]);
  assert.equal((await gs.send('/api/models', { headers: bearer(good) })).status, 200, `${id} still works`);
});

test('an explicit bearer is evaluated before the CLI token', async () => {
  assert.equal((await gs.send('/api/models', { headers: cli })).status, 200);
  const bad = await gs.send('/api/models', { headers: { ...cli, ...bearer(generateAccessToken()) } });
  assert.equal(bad.status, 401);
  const { token } = await connectToken(gs, 'read');
  const r = await gs.send('/api/keys', { method: 'POST', headers: { ...cli, ...bearer(token) }, body: { name: 'y' } });
  assert.equal(r.status, 403);
  assert.equal(r.json().error?.code, 'INSUFFICIENT_SCOPE');
});

test('delegation: child scope within the parent, expiry within the parent, revoking the parent revokes the child', async () => {
  const { token: parent, id: parentId } = await connectToken(gs, 'write');
  const tooWide = await gs.send('/api/cli/tokens/delegate', { method: 'POST', headers: bearer(parent), body: { name: 'c', scope: 'admin', expiresInMinutes: 5 } });
  assert.equal(tooWide.status, 403);
  assert.equal(tooWide.json().error?.code, 'INSUFFICIENT_SCOPE');
  const tooLong = await gs.send('/api/cli/tokens/delegate', { method: 'POST', headers: bearer(parent), body: { name: 'c', scope: 'read', expiresInMinutes: 91 * 1440 } });
  assert.equal(tooLong.status, 400);
  const ok = await gs.send('/api/cli/tokens/delegate', { method: 'POST', headers: bearer(parent), body: { name: 'c', scope: 'read', expiresInMinutes: 5 } });
  assert.equal(ok.status, 201);
  const child = ok.json() as { token: string; parentId: string; scope: string };
  assert.equal(child.parentId, parentId);
  const grand = await gs.send('/api/cli/tokens/delegate', { method: 'POST', headers: bearer(child.token), body: { name: 'g', scope: 'read', expiresInMinutes: 1 } });
  assert.equal(grand.status, 201);
  const grandToken = (grand.json() as { token: string }).token;
  assert.equal((await gs.send('/api/models', { headers: bearer(grandToken) })).status, 200);

  const { token: admin } = await connectToken(gs);
  const prefix = parent.slice(0, 13) + '…';
  const rv = await gs.send(`/api/cli/tokens/${encodeURIComponent(prefix)}`, { method: 'DELETE', headers: bearer(admin) });
  assert.equal(rv.status, 200);
  assert.equal((rv.json() as { revoked: string[] }).revoked.length, 3);
  for (const t of [parent, child.token, grandToken]) assert.equal((await gs.send('/api/models', { headers: bearer(t) })).status, 401);
});

test('tokens create: name, scope, default and explicit expiry; revoke by id', async () => {
  const created = await gs.send('/api/cli/tokens', { method: 'POST', headers: cli, body: { name: 'ci', scope: 'read', expiresInDays: 1 } });
  assert.equal(created.status, 201);
  const t = created.json() as { token: string; id: string; expiresAt: number };
  assert.ok(t.expiresAt - Date.now() <= 86_400_000);
  const never = await gs.send('/api/cli/tokens', { method: 'POST', headers: cli, body: { name: 'forever', scope: 'read', expiresInDays: null } });
  assert.equal((never.json() as { expiresAt: null }).expiresAt, null);
  const bad = await gs.send('/api/cli/tokens', { method: 'POST', headers: cli, body: { name: 'x', scope: 'root' } });
  assert.equal(bad.status, 400);
  assert.equal((await gs.send('/api/cli/tokens/tok_nope', { method: 'DELETE', headers: cli })).status, 404);
  assert.equal((await gs.send(`/api/cli/tokens/${t.id}`, { method: 'DELETE', headers: cli })).status, 200);
  assert.equal((await gs.send('/api/models', { headers: bearer(t.token) })).status, 401);
});

test('inference keys never authorize /api', async () => {
  const k = await gs.send('/api/keys', { method: 'POST', headers: cli, body: { name: 'inference' } });
  const key = (k.json() as { key: string }).key;
  assert.equal((await gs.send('/api/models', { headers: bearer(key) })).status, 401);
  assert.equal((await gs.send('/api/models', { headers: { 'x-api-key': key } })).status, 401);
});
