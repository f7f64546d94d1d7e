// The server as a real process: every audit event the management plane
// produces lands in audit.jsonl (and the table), and no secret — password,
// token, key, provider credential, machine token — is anywhere in plaintext:
// not in the state directory, not in the audit log, not in the process output.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bearer, CLI_TOKEN, cli, PASSWORD, send, spawnServer, type ServerProcess } from '../helpers/guard-server.js';

let dir: string;
let srv: ServerProcess;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-audit-'));
  const { SWITCHYARD_DISABLE_CLI_TOKEN: _off, ...env } = process.env;
  srv = await spawnServer({ stateDir: dir, env: { ...env, SWITCHYARD_PASSWORD: PASSWORD, SWITCHYARD_LOG_LEVEL: 'debug' } });
});
after(async () => {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(root: string, out: string[] = []): string[] {
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

test('every event is audited, and no secret is stored or logged in plaintext', async () => {
  const go = (path: string, opts: Parameters<typeof send>[2] = {}) => send(srv.url, path, opts);
  const secrets: string[] = [PASSWORD, CLI_TOKEN];

  // Password: login success and failure, logout, lockout (from its own loopback address).
  const login = await go('/api/auth/login', { method: 'POST', body: { password: PASSWORD } });
  assert.equal(login.status, 200);
  const cookie = String(([] as string[]).concat(login.headers['set-cookie'] ?? [])[0]).split(';')[0] as string;
  secrets.push(cookie.split('=')[1] as string, (login.json() as { csrfToken: string }).csrfToken);
  assert.equal((await go('/api/keys', { method: 'POST', headers: { cookie }, body: { name: 'n' } })).status, 403);
  assert.equal((await go('/api/auth/logout', { method: 'POST', headers: { cookie } })).status, 200);
  for (let i = 0; i < 5; i++) await go('/api/auth/login', { method: 'POST', body: { password: `bad-${i}` }, localAddress: '127.0.0.9' });
  assert.equal((await go('/api/cli/connect', { method: 'POST', body: { password: PASSWORD }, localAddress: '127.0.0.9' })).status, 429);

  // Connect, tokens, scope and LOCAL_ONLY denials, revoked use.
  const connect = await go('/api/cli/connect', { method: 'POST', body: { password: PASSWORD } });
  const admin = (connect.json() as { token: string }).token;
  assert.equal((await go('/api/cli/connect', { method: 'POST', body: { password: 'nope' } })).status, 401);
  const created = await go('/api/cli/tokens', { method: 'POST', headers: bearer(admin), body: { name: 'ro', scope: 'read' } });
  const ro = created.json() as { token: string; id: string };
  secrets.push(admin, ro.token);
  assert.equal((await go('/api/keys', { method: 'POST', headers: bearer(ro.token), body: { name: 'x' } })).status, 403);
  const remote = { ...bearer(admin), 'X-Forwarded-For': '203.0.113.1' };
  assert.equal((await go('/api/tunnels/tailscale/install', { method: 'POST', headers: remote })).status, 403);
  assert.equal((await go('/api/models', { headers: { ...cli, host: 'evil.example' } })).status, 403);
  assert.equal((await go(`/api/cli/tokens/${ro.id}`, { method: 'DELETE', headers: bearer(admin) })).status, 200);
  assert.equal((await go('/api/models', { headers: bearer(ro.token) })).status, 401);

  // CLI machine token: a mutation is audited; a wrong one is a failure.
  const key = await go('/api/keys', { method: 'POST', headers: cli, body: { name: 'app' } });
  assert.equal(key.status, 201);
  secrets.push((key.json() as { key: string }).key);
  assert.equal((await go('/api/keys', { method: 'POST', headers: { 'x-switchyard-cli-token': 'f'.repeat(32) }, body: { name: 'x' } })).status, 401);

  // Changes other modules audit: settings, provider (with a credential), combo, database export.
  const upstreamSecret = 'sk-upstream-Zq81kSECRETcredential0042';
  secrets.push(upstreamSecret);
  assert.equal((await go('/api/settings', { method: 'PATCH', headers: bearer(admin), body: { instanceName: 'audit-test' } })).status, 200);
  const prov = await go('/api/providers', {
    method: 'POST',
    headers: bearer(admin),
    body: { name: 'local', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: upstreamSecret, models: ['m1'] },
  });
  assert.equal(prov.status, 201, prov.text);
  const combo = await go('/api/combos', { method: 'POST', headers: bearer(admin), body: { name: 'c1', strategy: 'fallback', targets: [{ model: 'local/m1' }] } });
  assert.equal(combo.status, 201, combo.text);
  assert.equal((await go('/api/settings/database', { headers: bearer(admin) })).status, 200);

  const audit = await go('/api/audit?limit=1000', { headers: bearer(admin) });
  assert.equal(audit.status, 200);
  assert.equal((await go('/api/shutdown', { method: 'POST', headers: bearer(admin) })).status < 300, true);
  await srv.exited;

  const file = join(dir, 'default', 'audit.jsonl');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; outcome: string; actor: string; source: string; path: string; time: string });
  const seen = new Set(lines.map((l) => `${l.event}:${l.outcome}`));
  const expected = [
    'auth.login:success',
    'auth.login:failure',
    'auth.logout:success',
    'auth.lockout:failure',
    'auth.lockout:denied',
    'cli.connect:success',
    'cli.connect:failure',
    'token.create:success',
    'token.revoke:success',
    'token.revoked_use:denied',
    'cli_token_auth:success',
    'cli_token_auth:failure',
    'guard.scope_denied:denied',
    'guard.local_only_denied:denied',
    'guard.host_denied:denied',
    'guard.csrf_denied:denied',
    'settings.update:success',
    'provider.create:success',
    'key.create:success',
    'combo.create:success',
    'database.export:success',
    'shutdown:success',
  ];
  assert.deepEqual(expected.filter((e) => !seen.has(e)), [], 'events missing from audit.jsonl');
  for (const l of lines) {
    assert.ok(l.time && l.actor && typeof l.source === 'string' && l.path !== undefined, JSON.stringify(l));
  }
  assert.ok(lines.some((l) => l.event === 'token.create' && l.actor === `token:${(connect.json() as { id: string }).id}`));
  assert.ok(lines.some((l) => l.event === 'auth.lockout' && l.source === '127.0.0.9'));
  const fromTable = (audit.json() as { events: Array<{ event: string }> }).events.map((e) => e.event);
  assert.ok(fromTable.includes('token.revoked_use') && fromTable.includes('cli.connect'), 'the table has them too');

  // No secret in plaintext anywhere: state directory (database, WAL, audit log, runtime) and process output.
  const haystacks = filesUnder(dir).map((f) => [f, readFileSync(f).toString('latin1')] as const);
  haystacks.push(['process output', srv.output()]);
  for (const secret of secrets) {
    for (const [where, text] of haystacks) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}… found in ${where}`);
  }
});
