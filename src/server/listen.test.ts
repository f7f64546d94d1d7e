import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { SwitchyardError } from '../core/index.js';
import { listen, urlFor } from './listen.js';

test('urlFor: wildcard binds are reached over loopback; IPv6 is bracketed', () => {
  assert.equal(urlFor('127.0.0.1', 20128), 'http://127.0.0.1:20128');
  assert.equal(urlFor('0.0.0.0', 1), 'http://127.0.0.1:1');
  assert.equal(urlFor('::', 2), 'http://[::1]:2');
  assert.equal(urlFor('::1', 3), 'http://[::1]:3');
  assert.equal(urlFor('10.1.2.3', 4), 'http://10.1.2.3:4');
});

test('listen resolves the bound port; a busy port is a CONFLICT naming it', async () => {
  const a = createServer();
  const b = createServer();
  try {
    const port = await listen(a, '127.0.0.1', 0);
    assert.ok(port > 0);
    await assert.rejects(
      listen(b, '127.0.0.1', port),
      (err: unknown) => err instanceof SwitchyardError && err.code === 'CONFLICT' && err.message.includes(`127.0.0.1:${port} is already in use`),
    );
  } finally {
    a.close();
    b.close();
  }
});

test('an address that is not this machine’s is a BAD_REQUEST about --host', async () => {
  const s = createServer();
  try {
    await assert.rejects(listen(s, '192.0.2.123', 0), (err: unknown) => err instanceof SwitchyardError && err.code === 'BAD_REQUEST' && /--host/.test(err.message));
  } finally {
    s.close();
  }
});
