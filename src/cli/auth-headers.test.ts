import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_TOKEN_HEADER } from '../core/index.js';
import { authHeaders } from './auth-headers.js';
import { isLoopbackUrl, type Target } from './contexts.js';
import { CliError } from './exit-codes.js';

const machine = () => 'machine-token-0123456789abcdef0';
const cliTarget = (url: string): Target => ({ url, context: null, auth: { kind: 'cli-token' }, source: 'flag' });

test('the machine token goes to loopback servers only', () => {
  for (const url of ['http://127.0.0.1:20128', 'http://localhost:1', 'http://[::1]:20128', 'http://127.8.9.10']) {
    assert.deepEqual(authHeaders(cliTarget(url), {}, machine), { [CLI_TOKEN_HEADER]: machine() }, url);
  }
  for (const url of ['http://10.0.0.5:20128', 'https://sy.example.com', 'http://192.168.1.2:20128', 'http://127.0.0.1.evil.example', 'http://[::2]']) {
    assert.deepEqual(authHeaders(cliTarget(url), {}, () => assert.fail(`machine token derived for ${url}`)), {}, url);
  }
});

test('a token context sends a bearer (and no machine token), resolving env: references', () => {
  const t: Target = { url: 'http://127.0.0.1:1', context: 'x', auth: { kind: 'token', token: 'sya_live_abc' }, source: 'context' };
  assert.deepEqual(authHeaders(t, {}, machine), { authorization: 'Bearer sya_live_abc' });
  const ref: Target = { ...t, auth: { kind: 'token', token: 'env:MY_TOKEN' } };
  assert.deepEqual(authHeaders(ref, { MY_TOKEN: 'sya_live_fromenv' }, machine), { authorization: 'Bearer sya_live_fromenv' });
  assert.throws(() => authHeaders(ref, {}, machine), (e: unknown) => e instanceof CliError && /MY_TOKEN/.test(e.message));
});

test('loopback URL classification', () => {
  assert.equal(isLoopbackUrl('http://127.0.0.1:20128'), true);
  assert.equal(isLoopbackUrl('http://[::ffff:127.0.0.1]:20128'), true);
  assert.equal(isLoopbackUrl('http://localhost.example.com'), false);
  assert.equal(isLoopbackUrl('http://128.0.0.1'), false);
});
