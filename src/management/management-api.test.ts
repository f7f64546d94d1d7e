// The management plane over HTTP against an in-process server (real SQLite in
// a temp dir), authenticated by the CLI machine token from loopback.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../core/index.js';
import { loadConfig, startServer, type RunningServer } from '../server/index.js';

let dir: string;
let server: RunningServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-mgmt-'));
  const config = loadConfig({ port: 0, stateDir: dir, logLevel: 'silent' }, { SWITCHYARD_PASSWORD: 'pw-for-tests' });
  server = await startServer(config, { SWITCHYARD_PASSWORD: 'pw-for-tests' });
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { [CLI_TOKEN_HEADER]: deriveCliToken(), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('errors leave as {"error":{code,message}} with the right status, and nothing is written', async () => {
  const invalid = await api('POST', '/api/keys', '{"name":');
  assert.deepEqual([invalid.status, invalid.body.error?.code], [400, 'INVALID_JSON']);
  const unknownField = await api('POST', '/api/keys', { name: 'x', colour: 'red' });
  assert.equal(unknownField.status, 400);
  assert.match(unknownField.body.error?.message ?? '', /unknown field 'colour'/);
  const wrongType = await api('POST', '/api/keys', { name: 'x', rpmLimit: 'many' });
  assert.match(wrongType.body.error?.message ?? '', /^rpmLimit: /);
  assert.deepEqual((await api('GET', '/api/keys')).body.keys, []);
  const route = await api('GET', '/api/no-such-thing');
  assert.deepEqual([route.status, route.body.error?.code], [404, 'NOT_FOUND']);
  const big = await api('POST', '/api/keys', { name: 'x'.repeat(9 * 1024 * 1024) });
  assert.deepEqual([big.status, big.body.error?.code], [413, 'BODY_TOO_LARGE']);
});

test('provider create needs a name or a preset', async () => {
  const none = await api('POST', '/api/providers', { baseUrl: 'http://127.0.0.1:8000/v1' });
  assert.equal(none.status, 400);
  assert.match(none.body.error?.message ?? '', /^name: required/);
  const slash = await api('POST', '/api/providers', { name: 'a/b', baseUrl: 'http://127.0.0.1:8000/v1' });
  assert.match(slash.body.error?.message ?? '', /^name: /);
  assert.deepEqual((await api('GET', '/api/providers')).body.providers, []);
});

test('provider PATCH validates the URL and never returns the credential', async () => {
  const created = await api('POST', '/api/providers', { name: 'local', baseUrl: 'http://127.0.0.1:8000/v1', models: ['a'] });
  assert.equal(created.status, 201);
  const id = (created.body.provider as { id: string }).id;
  const bad = await api('PATCH', `/api/providers/${id}`, { baseUrl: 'http://[fe80::1]/' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error?.message ?? '', /^baseUrl: /);
  const patched = await api('PATCH', `/api/providers/${id}`, { apiKey: 'secret-value-123', enabled: false });
  assert.equal(patched.status, 200);
  const p = patched.body.provider as Record<string, unknown>;
  assert.deepEqual([p.baseUrl, p.hasCredential, p.enabled], ['http://127.0.0.1:8000/v1', true, false]);
  assert.ok(!JSON.stringify(await api('GET', `/api/providers/${id}`)).includes('secret-value-123'));
  const renamed = await api('POST', '/api/providers', { name: 'other', baseUrl: 'http://127.0.0.1:8001/v1' });
  const clash = await api('PATCH', `/api/providers/${(renamed.body.provider as { id: string }).id}`, { name: 'local' });
  assert.equal(clash.status, 409);
});

test('settings show only known keys, never the password hash; empty PATCH is refused', async () => {
  const got = await api('GET', '/api/settings');
  assert.deepEqual(Object.keys(got.body.settings as object).sort(), ['auth.oidc', 'auth.validationProfile', 'cliTokenEnabled', 'instanceName', 'requireLogin']);
  assert.ok(!JSON.stringify(got.body).includes('scrypt'));
  assert.equal((await api('PATCH', '/api/settings', {})).status, 400);
  assert.equal((await api('PATCH', '/api/settings', { requireLogin: 'no' })).status, 400);
  const set = await api('PATCH', '/api/settings', { instanceName: 'lab' });
  assert.equal((set.body.settings as { instanceName: string }).instanceName, 'lab');
});

test('changes are audited without secrets', async () => {
  const key = await api('POST', '/api/keys', { name: 'audited' });
  const secret = key.body.key as string;
  await api('DELETE', `/api/keys/${key.body.id as string}`);
  await api('POST', '/api/combos', { name: 'c', strategy: 'fallback', targets: ['local/a'] });
  await api('PUT', '/api/combos/c', { strategy: 'round-robin', targets: ['local/a', 'other/b'] });
  await api('DELETE', '/api/combos/c');
  const log = readFileSync(join(server.instanceDir, 'audit.jsonl'), 'utf8');
  const events = log.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
  for (const e of ['provider.create', 'provider.update', 'key.create', 'key.revoke', 'combo.create', 'combo.update', 'combo.delete', 'settings.update']) {
    assert.ok(events.includes(e), `${e} missing from the audit log`);
  }
  assert.ok(!log.includes(secret) && !log.includes('secret-value-123'));
});

test('a provider that combos target cannot be renamed or removed unless forced', async () => {
  assert.equal((await api('POST', '/api/combos', { name: 'keep', strategy: 'fallback', targets: ['local/a'] })).status, 201);
  const rename = await api('PATCH', '/api/providers/local', { name: 'renamed' });
  assert.equal(rename.status, 409);
  assert.match(rename.body.error?.message ?? '', /combo 'keep'/);
  assert.equal((await api('DELETE', '/api/providers/local')).status, 409);
  assert.equal((await api('DELETE', '/api/providers/local?force=true')).status, 200);
  assert.equal((await api('GET', '/api/providers/local')).status, 404);
});

test('shutdown answers, then the server stops', async () => {
  const res = await api('POST', '/api/shutdown');
  assert.equal(res.status, 202);
  await server.stopped;
});
