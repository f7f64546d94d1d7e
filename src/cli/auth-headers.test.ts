import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_TOKEN_HEADER } from '../core/index.js';
import { authHeaders } from './auth-headers.js';
import { isLoopbackUrl, type Target } from './contexts.js';
import { CliError } from './exit-codes.js';

const machine = () => 'machine-token-0123456789abcdef0';
const cliTarget = (url: string): Target => ({ url, context: null, auth: { kind: 'cli-token' }, source: 'flag' });

test('the machine token goes to loopback servers only', async () => {
  for (const url of ['http://127.0.0.1:20128', 'http://localhost:1', 'http://[::1]:20128', 'http://127.8.9.10']) {
    assert.deepEqual(await authHeaders(cliTarget(url), {}, machine), { [CLI_TOKEN_HEADER]: machine() }, url);
  }
  for (const url of ['http://10.0.0.5:20128', 'https://sy.example.com', 'http://192.168.1.2:20128', 'http://127.0.0.1.evil.example', 'http://[::2]']) {
    assert.deepEqual(await authHeaders(cliTarget(url), {}, () => assert.fail(`machine token derived for ${url}`)), {}, url);
  }
});

test('a token context sends a bearer (and no machine token), resolving env: references', async () => {
  const t: Target = { url: 'http://127.0.0.1:1', context: 'x', auth: { kind: 'token', token: 'sya_live_abc' }, source: 'context' };
  assert.deepEqual(await authHeaders(t, {}, machine), { authorization: 'Bearer sya_live_abc' });
  const ref: Target = { ...t, auth: { kind: 'token', token: 'env:MY_TOKEN' } };
  assert.deepEqual(await authHeaders(ref, { MY_TOKEN: 'sya_live_fromenv' }, machine), { authorization: 'Bearer sya_live_fromenv' });
  await assert.rejects(authHeaders(ref, {}, machine), (e: unknown) => e instanceof CliError && /MY_TOKEN/.test(e.message));
});

test('loopback URL classification', () => {
  assert.equal(isLoopbackUrl('http://127.0.0.1:20128'), true);
  assert.equal(isLoopbackUrl('http://[::ffff:127.0.0.1]:20128'), true);
  assert.equal(isLoopbackUrl('http://localhost.example.com'), false);
  assert.equal(isLoopbackUrl('http://128.0.0.1'), false);
});

test('an oauth-client context trades its env: secret for a bearer at the token URL, once per process', async () => {
  const { createServer } = await import('node:http');
  const forms: URLSearchParams[] = [];
  const idp = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      forms.push(form);
      const ok = form.get('client_secret') === 's3cret';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: 'jwt-abc', token_type: 'Bearer', expires_in: 300 } : { error: 'invalid_client' }));
    });
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  const port = (idp.address() as { port: number }).port;
  try {
    const t: Target = {
      url: 'https://sy.example.com',
      context: 'ci',
      auth: { kind: 'oauth-client', tokenUrl: `http://127.0.0.1:${port}/token`, clientId: 'ci-bot', clientSecret: 'env:IDP_SECRET', scope: 'switchyard:read' },
      source: 'context',
    };
    assert.deepEqual(await authHeaders(t, { IDP_SECRET: 's3cret' }, machine), { authorization: 'Bearer jwt-abc' });
    assert.deepEqual(await authHeaders(t, { IDP_SECRET: 's3cret' }, machine), { authorization: 'Bearer jwt-abc' });
    assert.equal(forms.length, 1, 'the token is reused while it is fresh');
    assert.deepEqual([forms[0]?.get('grant_type'), forms[0]?.get('client_id'), forms[0]?.get('scope')], ['client_credentials', 'ci-bot', 'switchyard:read']);
    const other: Target = { ...t, auth: { ...(t.auth as { kind: 'oauth-client'; tokenUrl: string; clientId: string; clientSecret: string }), clientId: 'other' } };
    await assert.rejects(authHeaders(other, { IDP_SECRET: 'wrong' }, machine), (e: unknown) => e instanceof CliError && e.exitCode === 3 && /invalid_client/.test(e.message));
  } finally {
    await new Promise((r) => idp.close(r));
  }
});
