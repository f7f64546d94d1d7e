// connect, contexts, whoami, tokens and config through the CLI against a real
// server: password → admin context, scoped tokens, INSUFFICIENT_SCOPE (exit 3),
// revocation, masking. (The cross-namespace variant lives in the guard's tests.)
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let home: string;
/** No SWITCHYARD_URL: commands go where the contexts say. */
const cli = (args: string[], input?: string) => runCli(args, { env: { SWITCHYARD_HOME: home }, input });

before(async () => {
  dir = tempDir('cli-remote');
  home = join(dir.path, 'home');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

const secretOf = (text: string): string => {
  const m = /(sya_live_[A-Za-z0-9]{38})/.exec(text);
  assert.ok(m, `no token in: ${text}`);
  return m[1] as string;
};

test('connect with the password, scoped tokens, scope refusal, revocation', async () => {
  const hostPort = server.url.replace('http://', '');
  const wrong = await cli(['connect', hostPort, '--name', 'admin', '--password-stdin'], 'not the password\n');
  assert.equal(wrong.code, 3, wrong.stderr);

  const conn = await cli(['connect', hostPort, '--name', 'admin', '--password-stdin'], `${server.password}\n`);
  assert.equal(conn.code, 0, conn.stderr);
  assert.equal(conn.stdout.trim(), `✔ Connected to ${server.url} — context 'admin' (scope: admin)`);
  assert.equal(statSync(join(home, 'config.json')).mode & 0o777, 0o600);
  assert.equal(statSync(home).mode & 0o777, 0o700);

  const me = json<{ kind: string; scope: string }>(await cli(['whoami', '--json']));
  assert.deepEqual([me.kind, me.scope], ['token', 'admin']);
  const current = json<{ context: string; scope: string; auth: string }>(await cli(['context', 'current', '--json']));
  assert.deepEqual([current.context, current.scope], ['admin', 'admin']);
  assert.match(current.auth, /^token sya_live_\w{4}…$/);

  const created = await cli(['tokens', 'create', '--name', 'reader', '--scope', 'read']);
  assert.equal(created.code, 0, created.stderr);
  const readToken = secretOf(created.stdout);
  const writeToken = secretOf((await cli(['tokens', 'create', '--name', 'writer', '--scope', 'write', '--expires', '1'])).stdout);

  for (const args of [['tokens', 'list'], ['tokens', 'list', '--json'], ['contexts', 'list'], ['contexts', 'list', '--json']]) {
    const out = (await cli(args)).stdout;
    assert.ok(!out.includes(readToken) && !out.includes(writeToken), `${args.join(' ')} shows a secret`);
  }
  assert.match((await cli(['tokens', 'list'])).stdout, new RegExp(readToken.slice(0, 13) + '…'));

  const badKey = await cli(['connect', server.url, '--name', 'bogus', '--key', 'sya_live_' + 'A'.repeat(38)]);
  assert.equal(badKey.code, 2, 'a malformed token is refused before anything is sent');
  const rc = await cli(['connect', server.url, '--name', 'reader', '--key', readToken]);
  assert.equal(rc.code, 0, rc.stderr);
  assert.match(rc.stdout, /context 'reader' \(scope: read\)/);
  assert.equal((await cli(['connect', server.url, '--name', 'writer', '--key', writeToken, '--json'])).code, 0);
  assert.ok(!readFileSync(join(home, 'config.json'), 'utf8').includes('"bogus"'), 'a refused --key is not saved');

  // read: listing works, creating a key is refused with the server's INSUFFICIENT_SCOPE message.
  assert.equal((await cli(['models', 'list', '--context', 'reader'])).code, 0);
  const refused = await cli(['keys', 'add', '--name', 'x', '--context', 'reader']);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /scope 'read'.*needs 'write'/);
  // write: ordinary settings yes, security settings no.
  assert.equal((await cli(['config', 'set', 'instanceName', 'lab', '--context', 'writer'])).code, 0);
  const security = await cli(['config', 'set', 'requireLogin', 'false', '--context', 'writer']);
  assert.equal(security.code, 3);
  assert.match(security.stderr, /INSUFFICIENT_SCOPE|needs 'admin'/);
  assert.deepEqual(json(await cli(['config', 'get', 'instanceName', '--json'])), { instanceName: 'lab' });
  assert.equal((await cli(['config', 'get', 'nope'])).code, 4);

  // Revoke by the shown prefix; the reader's next call is refused.
  const revoke = await cli(['tokens', 'revoke', readToken.slice(0, 13) + '…', '--context', 'admin']);
  assert.equal(revoke.code, 0, revoke.stderr);
  const after = await cli(['models', 'list', '--context', 'reader']);
  assert.equal(after.code, 3);
});

test('contexts use / remove, and the built-in default cannot be removed', async () => {
  assert.equal((await cli(['contexts', 'use', 'nope'])).code, 4);
  assert.equal((await cli(['contexts', 'use', 'default'])).code, 0);
  const list = json<{ name: string; current: boolean }[]>(await cli(['contexts', 'list', '--json']));
  assert.equal(list.find((c) => c.current)?.name, 'default');
  assert.equal((await cli(['contexts', 'remove', 'default'])).code, 2);
  assert.equal((await cli(['contexts', 'remove', 'reader'])).code, 0);
  assert.ok(!json<{ name: string }[]>(await cli(['contexts', 'list', '--json'])).some((c) => c.name === 'reader'));
  // --server with a context's URL borrows that context's token; any other loopback URL gets the machine token.
  assert.equal(json<{ kind: string }>(await cli(['whoami', '--json', '--server', server.url])).kind, 'token');
  const viaMachine = json<{ kind: string }>(await cli(['whoami', '--json', '--server', server.url.replace('127.0.0.1', 'localhost')]));
  assert.equal(viaMachine.kind, 'cli');
});

test('tokens scopes explains the scopes without a server', async () => {
  const r = await runCli(['tokens', 'scopes'], { env: { SWITCHYARD_HOME: home, SWITCHYARD_URL: 'http://127.0.0.1:1' } });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /read[\s\S]*write[\s\S]*admin/);
});
