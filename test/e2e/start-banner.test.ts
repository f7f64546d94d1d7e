// `switchyard start` as a user meets it: loopback by default, a banner that says
// where it listens and where its state is, and the management password printed
// once on the first start only (or taken from SWITCHYARD_PASSWORD).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { startServerProcess, tempDir } from '../helpers/cli.js';

const PASSWORD_LINE = /Management password \(shown once[^:]*\):\s*(\S+)/;

async function connectStatus(url: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/cli/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password, name: 'start-test' }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Resolves with the socket error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(3000, () => {
      s.destroy();
      resolve('timeout');
    });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

describe('switchyard start', () => {
  const tmp = tempDir('start-banner');
  after(() => tmp.cleanup());

  test('binds 127.0.0.1 by default and prints where it listens, the state directory and the password once', async () => {
    const stateDir = join(tmp.path, 'first');
    const first = await startServerProcess({ stateDir, env: { SWITCHYARD_PASSWORD: undefined } });
    let password = '';
    try {
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const info = JSON.parse(readFileSync(join(first.instanceDir, 'runtime.json'), 'utf8')) as { url: string };
      assert.equal(info.url, first.url);
      const out = first.output();
      assert.ok(out.includes(`listening on ${first.url}`), out);
      assert.ok(out.includes(first.instanceDir), `state directory in the banner:\n${out}`);
      password = PASSWORD_LINE.exec(out)?.[1] ?? '';
      assert.ok(password.length >= 16, `a generated password is printed:\n${out}`);
      assert.equal(out.split(password).length - 1, 1, 'the password is printed exactly once');
      assert.equal(await connectStatus(first.url, password), 201, 'the printed password is the real one');

      // Another local address of this machine, if it has one, must not reach a loopback-bound server.
      const port = Number(new URL(first.url).port);
      const other = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal);
      if (other) assert.equal(await tryConnect(other.address, port), 'ECONNREFUSED', `not reachable on ${other.address}`);
      assert.equal(await tryConnect('127.0.0.1', port), 'connected');
    } finally {
      await first.stop();
    }

    const second = await startServerProcess({ stateDir, env: { SWITCHYARD_PASSWORD: undefined } });
    try {
      const out = second.output();
      assert.doesNotMatch(out, /Management password/);
      assert.ok(!out.includes(password));
      assert.equal(await connectStatus(second.url, password), 201, 'the first password still works');
    } finally {
      await second.stop();
    }
  });

  test('SWITCHYARD_PASSWORD is used when set, and not printed', async () => {
    const chosen = 'my-chosen-password-42';
    const server = await startServerProcess({ stateDir: join(tmp.path, 'env'), env: { SWITCHYARD_PASSWORD: chosen } });
    try {
      assert.doesNotMatch(server.output(), /Management password/);
      assert.ok(!server.output().includes(chosen));
      assert.equal(await connectStatus(server.url, 'not-the-password'), 401);
      assert.equal(await connectStatus(server.url, chosen), 201);
    } finally {
      await server.stop();
    }
  });
});
