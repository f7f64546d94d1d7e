// OIDC bearer JWTs against a local JWKS server: issuer, audience, algorithm
// allow-list, required exp, scope mapping, kid floods, and a JWKS outage → 503.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { createGuard, type GuardVariables } from '../../src/guard/index.js';
import { createChangeBus, createRepos, createSecretBox, openDatabase, type ChangeBus, type Db, type Repos } from '../../src/storage/index.js';
import { bearer, send } from '../helpers/guard-server.js';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'switchyard';
let dir: string;
let db: Db;
let repos: Repos;
let events: ChangeBus;
let jwks: Server;
let api: Server;
let jwksUrl = '';
let apiUrl = '';
let jwksFetches = 0;
let privateKey: CryptoKey;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function configure(jwksUri: string): Promise<void> {
  await repos.settings.set('auth.validationProfile', 'oidc_jwks');
  await repos.settings.set('auth.oidc', { issuer: ISSUER, audience: AUDIENCE, jwksUri, algorithms: ['ES256'] });
  events.emit('settings');
}

function sign(claims: JWTPayload, opts: { kid?: string; exp?: string | null; key?: CryptoKey; alg?: string } = {}): Promise<string> {
  let jwt = new SignJWT({ sub: 'alice', scope: 'openid switchyard:write', iss: ISSUER, aud: AUDIENCE, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'ES256', kid: opts.kid ?? 'k1' })
    .setIssuedAt();
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? '5m');
  return jwt.sign(opts.key ?? privateKey);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-oidc-'));
  db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  repos = createRepos(db, createSecretBox(Buffer.alloc(32, 2)));
  events = createChangeBus();
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    jwksFetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  jwksUrl = `${await listen(jwks)}/jwks.json`;
  const guard = createGuard({ repos, config: { host: '127.0.0.1' }, events, env: { SWITCHYARD_DISABLE_CLI_TOKEN: 'true' } });
  const app = new Hono<{ Variables: GuardVariables }>();
  app.use('/api/*', guard.middleware);
  app.get('/api/models', (c) => c.json({ actor: c.get('principal').actor, scope: c.get('principal').scope }));
  app.post('/api/keys', (c) => c.json({ ok: true }, 201));
  app.post('/api/providers', (c) => c.json({ ok: true }, 201));
  api = createServer(getRequestListener(app.fetch));
  apiUrl = await listen(api);
  await configure(jwksUrl);
});

after(async () => {
  await new Promise((r) => api.close(r));
  await new Promise((r) => jwks.close(r));
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a valid JWT authorizes by its scope claim', async () => {
  const jwt = await sign({});
  const r = await send(apiUrl, '/api/models', { headers: bearer(jwt) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json(), { actor: 'oidc:alice', scope: 'write' });
  assert.equal((await send(apiUrl, '/api/keys', { method: 'POST', headers: bearer(jwt) })).status, 201);
  const p = await send(apiUrl, '/api/providers', { method: 'POST', headers: bearer(jwt) });
  assert.equal(p.status, 403);
  assert.equal(p.json().error?.message, "this token has scope 'write'; POST /api/providers needs 'admin'");
  const scp = await sign({ scope: undefined, scp: ['read'] });
  assert.equal((await send(apiUrl, '/api/models', { headers: bearer(scp) })).json().scope, 'read');
});

test('wrong issuer, wrong audience, no exp, expired, unknown key, HMAC and no scope are all 401', async () => {
  const other = await generateKeyPair('ES256');
  const bad = [
    await sign({ iss: 'https://evil.test/' }),
    await sign({ aud: 'someone-else' }),
    await sign({}, { exp: null }),
    await sign({}, { exp: '-1m' }),
    await sign({}, { key: other.privateKey }),
    await sign({ scope: 'openid profile' }),
    await new SignJWT({ sub: 'alice', scope: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough')),
  ];
  for (const [i, jwt] of bad.entries()) {
    const r = await send(apiUrl, '/api/models', { headers: bearer(jwt) });
    assert.equal(r.status, 401, `case ${i}: ${r.text}`);
    assert.equal(r.json().error?.code, 'INVALID_TOKEN');
  }
});

test('a flood of unknown kids does not hammer the IdP', async () => {
  const before = jwksFetches;
  for (let i = 0; i < 20; i++) {
    const r = await send(apiUrl, '/api/models', { headers: bearer(await sign({}, { kid: `unknown-${i}` })) });
    assert.equal(r.status, 401);
  }
  assert.ok(jwksFetches - before <= 1, `${jwksFetches - before} JWKS fetches for 20 unknown kids`);
});

test('a JWKS outage answers 503, never allow', async () => {
  const dead = createServer();
  const deadUrl = await listen(dead);
  await new Promise((r) => dead.close(r));
  await configure(`${deadUrl}/jwks.json`);
  try {
    const r = await send(apiUrl, '/api/models', { headers: bearer(await sign({})) });
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json().error?.code, 'CREDENTIAL_STORE_UNAVAILABLE');
  } finally {
    await configure(jwksUrl);
  }
});

test('a misconfigured profile answers 503', async () => {
  await repos.settings.set('auth.oidc', { issuer: ISSUER });
  events.emit('settings');
  try {
    assert.equal((await send(apiUrl, '/api/models', { headers: bearer(await sign({})) })).status, 503);
  } finally {
    await configure(jwksUrl);
  }
});
