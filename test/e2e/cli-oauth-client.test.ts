// Contexts of auth kind `oauth-client` and `browser` against a local IdP: the
// CLI trades a client secret (from an env var, never stored) or an
// authorization code (PKCE, loopback redirect) for a JWT, and the server, set
// to `oidc_jwks` through `config set`, verifies it against the IdP's JWKS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { cleanEnv, json, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

const ISSUER = 'https://idp.test/';
const SECRET = 'client-secret-for-tests';
let dir: TempDir;
let server: ServerProcess;
let idp: Server;
let idpUrl = '';
let privateKey: CryptoKey;
let home: string;
const tokenRequests: URLSearchParams[] = [];
/** Authorization codes handed out by /authorize: code → PKCE challenge and scope. */
const codes = new Map<string, { challenge: string; scope: string; clientId: string }>();

function sign(sub: string, scope: string): Promise<string> {
  return new SignJWT({ sub, scope, iss: ISSUER, aud: 'switchyard' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

/** The token endpoint: client_credentials, authorization_code (PKCE S256 checked) and refresh_token. */
async function tokenEndpoint(form: URLSearchParams): Promise<[number, unknown]> {
  const grant = form.get('grant_type');
  if (grant === 'client_credentials') {
    if (form.get('client_secret') !== SECRET) return [401, { error: 'invalid_client' }];
    return [200, { access_token: await sign(form.get('client_id') ?? '', form.get('scope') ?? ''), token_type: 'Bearer', expires_in: 300 }];
  }
  if (grant === 'authorization_code') {
    const entry = codes.get(form.get('code') ?? '');
    const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
    if (!entry || entry.challenge !== challenge) return [400, { error: 'invalid_grant' }];
    codes.delete(form.get('code') ?? '');
    return [200, { access_token: await sign('alice', entry.scope), expires_in: 600, refresh_token: 'rt-1' }];
  }
  if (grant === 'refresh_token' && form.get('refresh_token') === 'rt-1') {
    return [200, { access_token: await sign('alice', 'openid switchyard:read'), expires_in: 3600, refresh_token: 'rt-2' }];
  }
  return [400, { error: 'unsupported_grant_type' }];
}

before(async () => {
  dir = tempDir('cli-oauth');
  home = join(dir.path, 'home');
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  idp = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://idp');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/jwks.json') return send(200, { keys: [jwk] });
    if (u.pathname === '/.well-known/openid-configuration') {
      return send(200, { issuer: ISSUER, authorization_endpoint: `${idpUrl}/authorize`, token_endpoint: `${idpUrl}/token`, jwks_uri: `${idpUrl}/jwks.json` });
    }
    if (u.pathname === '/authorize') {
      // The user "signs in" at once: straight back to the CLI's loopback redirect.
      const q = u.searchParams;
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return send(400, { error: 'pkce required' });
      const code = `code-${codes.size + 1}`;
      codes.set(code, { challenge: q.get('code_challenge') ?? '', scope: q.get('scope') ?? '', clientId: q.get('client_id') ?? '' });
      res.writeHead(302, { location: `${q.get('redirect_uri')}?code=${code}&state=${q.get('state')}` });
      return void res.end();
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const form = new URLSearchParams(body);
      tokenRequests.push(form);
      const [status, answer] = await tokenEndpoint(form);
      send(status, answer);
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

test('connect --browser signs in through the loopback redirect, then refreshes the expiring token', async () => {
  const env = { SWITCHYARD_HOME: home, BROWSER: 'none' };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'connect', server.url, '--name', 'sso', '--browser', '--issuer', idpUrl, '--client-id', 'switchyard-cli', '--oauth-scope', 'switchyard:write'],
    { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const authUrl = await new Promise<string>((resolveUrl, rejectUrl) => {
    const timer = setTimeout(() => rejectUrl(new Error(`no sign-in URL:\n${stderr}`)), 30_000);
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1] as string);
      }
    });
  });
  // The "browser": follow the IdP's redirect to the CLI's loopback listener.
  const page = await fetch(authUrl);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Signed in/);
  assert.equal(await exited, 0, stderr);
  assert.match(stdout, /context 'sso' \(scope: write\)/);

  const configFile = join(home, 'config.json');
  type Stored = { contexts: Record<string, { auth: { refreshToken?: string; expiresAt?: number } }> };
  const stored = JSON.parse(readFileSync(configFile, 'utf8')) as Stored;
  assert.equal(stored.contexts.sso?.auth.refreshToken, 'rt-1');

  // Once the stored token has expired, the next command refreshes it and saves the new pair.
  (stored.contexts.sso as { auth: { expiresAt?: number } }).auth.expiresAt = Date.now() - 1000;
  writeFileSync(configFile, JSON.stringify(stored), { mode: 0o600 });
  const me = json<{ kind: string; scope: string }>(await runCli(['whoami', '--json'], { env }));
  assert.deepEqual([me.kind, me.scope], ['oidc', 'read']);
  assert.ok(tokenRequests.some((f) => f.get('grant_type') === 'refresh_token'));
  assert.equal((JSON.parse(readFileSync(configFile, 'utf8')) as Stored).contexts.sso?.auth.refreshToken, 'rt-2');
  const listed = (await runCli(['contexts', 'list', '--json'], { env })).stdout;
  assert.ok(!listed.includes('rt-2') && !listed.includes('eyJ'), 'contexts list shows no browser tokens');
});
