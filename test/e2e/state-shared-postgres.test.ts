// SPEC §6: with DATABASE_URL several gateway processes share providers, keys,
// tokens, combos and lockout counters; a token revoked through one instance is
// refused by every other within one second. Two real server processes on one
// fresh PostgreSQL database (skipped without SWITCHYARD_TEST_PG_URL, except in CI).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess } from '../helpers/cli.js';
import { freshDatabase, postgresForTests, type FreshDatabase } from '../helpers/postgres.js';

const pg = postgresForTests();
const cli = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };

async function call(server: ServerProcess, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: opts.headers ?? cli,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('two instances on one PostgreSQL database', { skip: pg.skip }, () => {
  const tmp = tempDir('shared-pg');
  let db: FreshDatabase | undefined;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  const servers = () => {
    assert.ok(a && b);
    return { a, b };
  };

  before(async () => {
    if (!pg.url) return;
    db = await freshDatabase(pg.url);
    // One secret for both, as a multi-instance deployment needs: credentials sealed by one are opened by the other.
    const env = { SWITCHYARD_SECRET: 'shared-secret-for-both-instances' };
    const stateDir = join(tmp.path, 'state');
    a = await startServerProcess({ stateDir, env, args: ['--instance-id', 'a', '--database-url', db.url] });
    b = await startServerProcess({ stateDir, env, args: ['--instance-id', 'b', '--database-url', db.url] });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
    tmp.cleanup();
  });

  test('a provider, key and combo made through one are listed by the other', async () => {
    const { a, b } = servers();
    const made = await call(a, 'POST', '/api/providers', {
      body: { name: 'shared', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-shared', models: ['m1'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await call(a, 'POST', '/api/keys', { body: { name: 'shared-key' } })).status, 201);
    assert.equal((await call(a, 'POST', '/api/combos', { body: { name: 'duo', strategy: 'fallback', targets: [{ model: 'shared/m1' }] } })).status, 201);
    const providers = (await call(b, 'GET', '/api/providers')).body.providers as { name: string }[];
    assert.deepEqual(providers.map((p) => p.name), ['shared']);
    const keys = (await call(b, 'GET', '/api/keys')).body.keys as { name: string }[];
    assert.deepEqual(keys.map((k) => k.name), ['shared-key']);
    const combos = (await call(b, 'GET', '/api/combos')).body.combos as { name: string }[];
    assert.deepEqual(combos.map((c) => c.name), ['duo']);
  });

  test('a token revoked through one instance is refused by the other within one second', async () => {
    const { a, b } = servers();
    const minted = await call(a, 'POST', '/api/cli/tokens', { body: { name: 'roaming', scope: 'read' } });
    assert.equal(minted.status, 201);
    const bearer = { authorization: `Bearer ${String(minted.body.token)}` };
    assert.equal((await call(b, 'GET', '/api/cli/whoami', { headers: bearer })).status, 200, 'b accepts a token a minted');
    assert.equal((await call(a, 'DELETE', `/api/cli/tokens/${String(minted.body.id)}`)).status, 200);
    await sleep(1100);
    assert.equal((await call(b, 'GET', '/api/cli/whoami', { headers: bearer })).status, 401);
  });

  test('an inference key revoked through one instance is refused by the other within one second', async () => {
    const { a, b } = servers();
    const made = await call(a, 'POST', '/api/keys', { body: { name: 'roaming-key' } });
    assert.equal(made.status, 201);
    const key = { authorization: `Bearer ${String(made.body.key)}` };
    // b has its keys in memory after this: the revocation must reach that copy, not just the database.
    assert.equal((await call(b, 'GET', '/v1/models', { headers: key })).status, 200, 'b accepts a key a made');
    assert.equal((await call(a, 'DELETE', `/api/keys/${String(made.body.id)}`)).status, 200);
    await sleep(1000);
    const refused = await call(b, 'GET', '/v1/models', { headers: key });
    assert.equal(refused.status, 401);
    assert.match(JSON.stringify(refused.body), /revoked/);
  });

  test('a provider added through one instance is routable through the other at once', async () => {
    const { a, b } = servers();
    const made = await call(a, 'POST', '/api/keys', { body: { name: 'routing-key' } });
    const key = { authorization: `Bearer ${String(made.body.key)}`, 'content-type': 'application/json' };
    const models = async () => ((await call(b, 'GET', '/v1/models', { headers: key })).body.data as { id: string }[]).map((m) => m.id);
    assert.ok(!(await models()).includes('late/m9'), 'b has its route table in memory');
    const added = await call(a, 'POST', '/api/providers', {
      body: { name: 'late', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-late', models: ['m9'] },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    await sleep(1000);
    assert.ok((await models()).includes('late/m9'), 'b lists the new provider within a second');
  });

  test('a lockout earned on one instance holds on the other', async () => {
    const { a, b } = servers();
    for (let i = 0; i < 5; i++) {
      const r = await call(a, 'POST', '/api/cli/connect', { body: { password: `wrong-${i}` } });
      assert.ok(r.status === 401 || r.status === 429, String(r.status));
    }
    const right = await call(b, 'POST', '/api/cli/connect', { body: { password: b.password } });
    assert.equal(right.status, 429, 'the right password is refused during the lockout, on the other instance too');
  });
});
