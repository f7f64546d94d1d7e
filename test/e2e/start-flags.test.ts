// Bad input to `switchyard start` ends with a message naming the problem and the
// exit codes of SPEC §4 (2 for usage), never a stack trace.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

describe('switchyard start with bad flags', () => {
  const tmp = tempDir('start-flags');
  after(() => tmp.cleanup());
  const base = ['start', '--state-dir', join(tmp.path, 'state')];
  const env = { SWITCHYARD_HOME: tmp.path, SWITCHYARD_PASSWORD: 'x-password-x' };

  const usage: [string[], RegExp][] = [
    [['--port', 'abc'], /--port must be 0-65535, got 'abc'/],
    [['--port', '70000'], /--port must be 0-65535/],
    [['--port'], /argument missing/],
    [['--port', '0', '--ingress-port', '70000'], /--ingress-port must be 1-65535, got '70000'/],
    [['--port', '0', '--ingress-port', '0'], /--ingress-port must be 1-65535, got '0'/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--instance-id', '../escape', '--port', '0'], /instanceId/],
    [['--host', 'no-such-host.invalid', '--port', '0'], /--host no-such-host\.invalid/],
    [['--config', join(tmp.path, 'missing.toml'), '--port', '0'], /cannot read config file/],
  ];
  for (const [flags, message] of usage) {
    test(`${flags.join(' ')} → exit 2`, async () => {
      const r = await runCli([...base, ...flags], { env, timeoutMs: 30_000 });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    });
  }

  test('SWITCHYARD_INGRESS_PORT out of range → exit 2 naming it', async () => {
    const r = await runCli([...base, '--port', '0'], { env: { ...env, SWITCHYARD_INGRESS_PORT: '70000' }, timeoutMs: 30_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /ingressPort/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  });

  test('a port already in use → exit 1 naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const addr = blocker.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      const r = await runCli([...base, '--port', String(port)], { env, timeoutMs: 30_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  test('an unreachable PostgreSQL → exit 1 with the reason, without the URL password', async () => {
    const r = await runCli([...base, '--port', '0', '--database-url', 'postgres://user:pg-SECRET-pw@127.0.0.1:1/switchyard'], { env, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /database migration failed: connect ECONNREFUSED/);
    assert.ok(!r.stderr.includes('pg-SECRET-pw'));
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  });

  test('a file that is not a database → exit 1 naming it', async () => {
    const stateDir = join(tmp.path, 'corrupt');
    mkdirSync(join(stateDir, 'default'), { recursive: true });
    writeFileSync(join(stateDir, 'default', 'switchyard.db'), 'this is not a database file '.repeat(20));
    const r = await runCli(['start', '--state-dir', stateDir, '--port', '0'], { env, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /cannot open .*switchyard\.db: file is not a database/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  });
});

