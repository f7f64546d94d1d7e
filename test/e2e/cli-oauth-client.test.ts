// A context of auth kind `oauth-client`: the CLI trades a client secret (from
// an env var, never stored) for a JWT at a local IdP's token URL, and the
// server, set to `oidc_jwks` through `config set`, verifies it against the JWKS.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

const ISSUER = 'https://idp.test/';
const SECRET = 'client-secret-for-tests';
let dir: TempDir;
let server: ServerProcess;
let idp: Server;
let idpUrl = '';
let privateKey: CryptoKey;
let home: string;
const tokenRequests: URLSearchParams[] = [];

before(async () => {
  dir = tempDir('cli-oauth');
  home = join(dir.path, 'home');
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  idp = createServer((req, res) => {
    if (req.url === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ keys: [jwk] }));
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const form = new URLSearchParams(body);
      tokenRequests.push(form);
      if (form.get('client_secret') !== SECRET) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'invalid_client' }));
      }
      const jwt = await new SignJWT({ sub: form.get('client_id') ?? '', scope: form.get('scope') ?? '', iss: ISSUER, aud: 'switchyard' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: 300 }));
    });
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
});

after(async () => {
  await server?.stop();
  await new Promise((r) => idp?.close(r));
  dir?.cleanup();
});

test('connect --client-id … stores only an env reference and authenticates with the IdP token', async () => {
  const local = { SWITCHYARD_HOME: home, SWITCHYARD_URL: server.url };
  const oidc = JSON.stringify({ issuer: ISSUER, audience: 'switchyard', jwksUri: `${idpUrl}/jwks.json`, algorithms: ['ES256'] });
  assert.equal((await runCli(['config', 'set', 'auth.oidc', oidc], { env: local })).code, 0);
  const profile = await runCli(['config', 'set', 'auth.validationProfile', 'oidc_jwks'], { env: local });
  assert.equal(profile.code, 0, profile.stderr);

  const env = { SWITCHYARD_HOME: home, IDP_SECRET: SECRET };
  const plain = await runCli(['connect', server.url, '--client-id', 'ci', '--client-secret', SECRET, '--token-url', `${idpUrl}/token`], { env });
  assert.equal(plain.code, 2, 'a literal client secret is refused');
  const conn = await runCli(
    ['connect', server.url, '--name', 'idp', '--client-id', 'ci-bot', '--client-secret', 'env:IDP_SECRET', '--token-url', `${idpUrl}/token`, '--oauth-scope', 'switchyard:write'],
    { env },
  );
  assert.equal(conn.code, 0, conn.stderr);
  assert.match(conn.stdout, /context 'idp' \(scope: write\)/);
  const file = readFileSync(join(home, 'config.json'), 'utf8');
  assert.ok(!file.includes(SECRET) && file.includes('env:IDP_SECRET'));

  const me = json<{ kind: string; scope: string }>(await runCli(['whoami', '--json'], { env }));
  assert.deepEqual([me.kind, me.scope], ['oidc', 'write']);
  assert.equal((await runCli(['keys', 'add', '--name', 'from-ci'], { env })).code, 0);
  const admin = await runCli(['tokens', 'create', '--name', 'x', '--scope', 'read'], { env });
  assert.equal(admin.code, 3, 'write scope cannot mint tokens');
  assert.ok(tokenRequests.every((f) => f.get('grant_type') === 'client_credentials'));

  const noSecret = await runCli(['whoami'], { env: { SWITCHYARD_HOME: home } });
  assert.equal(noSecret.code, 3);
  assert.match(noSecret.stderr, /IDP_SECRET/);
});
