// What a running server leaves on disk: no secret in plaintext anywhere in the
// state directory (database, WAL, audit log, runtime.json) or in its output;
// private permissions on every file and directory; runtime.json as SPEC §6
// describes it; and two instances in one state directory sharing nothing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess } from '../helpers/cli.js';
import { freshDatabase, postgresForTests } from '../helpers/postgres.js';

const CREDENTIAL = 'sk-upstream-RECOGNISABLE-7f3a9c1e5d';
const cliHeaders = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };

async function api<T>(server: ServerProcess, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method, headers: cliHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

function walk(dir: string, out: { files: string[]; dirs: string[] } = { files: [], dirs: [dir] }) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.dirs.push(p);
      walk(p, out);
    } else out.files.push(p);
  }
  return out;
}

/** Every file (and the output) is searched as raw bytes, so UTF-16 or binary pages count too. */
function findSecrets(haystacks: Map<string, Buffer>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, bytes] of haystacks) {
    for (const [what, secret] of Object.entries(secrets)) {
      if (bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(secret, 'utf16le'))) found.push(`${what} in ${where}`);
    }
  }
  return found;
}

describe('state directory security', () => {
  const tmp = tempDir('state-security');
  after(() => tmp.cleanup());
  // A directory the server creates itself, so its mode is the server's doing.
  const stateDir = join(tmp.path, 'state');

  test('no credential, key or token in plaintext on disk or in the output; 0600 files, 0700 directories', async () => {
    const server = await startServerProcess({ stateDir });
    let secrets: Record<string, string> = {};
    try {
      await api(server, 'POST', '/api/providers', {
        name: 'leaky',
        type: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:9/v1',
        apiKey: CREDENTIAL,
        models: ['m1'],
      });
      const { key } = await api<{ key: string }>(server, 'POST', '/api/keys', { name: 'app' });
      const { token } = await api<{ token: string }>(server, 'POST', '/api/cli/tokens', { name: 'ops', scope: 'read' });
      assert.match(key, /^sk-sy-/);
      assert.match(token, /^sya_live_/);
      secrets = { credential: CREDENTIAL, key, token, password: server.password };
      // Use the secrets the way clients do, so request logging and usage recording run too.
      await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'leaky/m1', messages: [{ role: 'user', content: 'hi' }] }),
      }).then((r) => r.arrayBuffer());
      await fetch(`${server.url}/api/cli/whoami`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());

      // While running: the WAL holds the newest pages.
      const running = walk(stateDir);
      assert.ok(running.files.some((f) => f.endsWith('switchyard.db-wal')), `a WAL file exists while running: ${running.files.join(', ')}`);
      const files = new Map(running.files.map((f) => [f, readFileSync(f)]));
      assert.deepEqual(findSecrets(files, secrets), []);
    } finally {
      await server.stop();
    }

    const stopped = walk(stateDir);
    const haystacks = new Map(stopped.files.map((f) => [f, readFileSync(f)]));
    haystacks.set('server output', Buffer.from(server.output(), 'utf8'));
    assert.deepEqual(findSecrets(haystacks, secrets), []);
    // The check can fail: the credential is findable when it is there.
    assert.deepEqual(findSecrets(new Map([['probe', Buffer.from(`x${CREDENTIAL}x`)]]), secrets), ['credential in probe']);

    for (const f of stopped.files) assert.equal(statSync(f).mode & 0o777, 0o600, `${f} is 0600`);
    for (const d of stopped.dirs) assert.equal(statSync(d).mode & 0o777, 0o700, `${d} is 0700`);
    assert.ok(stopped.files.some((f) => f.endsWith('secret.key')));
    assert.ok(stopped.files.some((f) => f.endsWith('audit.jsonl')));
  });

  test('runtime.json describes the instance, without credentials', async () => {
    const server = await startServerProcess({ stateDir, args: ['--instance-id', 'rt'] });
    try {
      const file = join(stateDir, 'rt', 'runtime.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const info = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(info).sort(), ['auditLog', 'cacheDir', 'database', 'instanceId', 'pid', 'startedAt', 'url', 'version'].sort());
      assert.equal(info.instanceId, 'rt');
      assert.equal(info.url, server.url);
      assert.equal(info.pid, server.child.pid);
      assert.ok(!Number.isNaN(Date.parse(String(info.startedAt))));
      assert.match(String(info.version), /^\d+\.\d+\.\d+/);
      assert.equal(info.auditLog, join(stateDir, 'rt', 'audit.jsonl'));
      assert.equal(info.cacheDir, join(stateDir, 'rt', 'cache'));
      assert.equal(info.database, `sqlite:${join(stateDir, 'rt', 'switchyard.db')}`);
    } finally {
      await server.stop();
    }
  });

  test('two instances in one state directory share nothing', async () => {
    const shared = join(tmp.path, 'shared');
    const a = await startServerProcess({ stateDir: shared, args: ['--instance-id', 'a'] });
    const b = await startServerProcess({ stateDir: shared, args: ['--instance-id', 'b'] });
    try {
      assert.notEqual(a.url, b.url);
      await api(a, 'POST', '/api/providers', { name: 'only-in-a', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', models: ['m'] });
      await api(a, 'POST', '/api/keys', { name: 'key-in-a' });
      const inB = await api<{ providers: unknown[] }>(b, 'GET', '/api/providers');
      assert.deepEqual(inB.providers, []);
      const keysInB = await api<{ keys: unknown[] }>(b, 'GET', '/api/keys');
      assert.deepEqual(keysInB.keys, []);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    assert.deepEqual(readdirSync(shared).sort(), ['a', 'b'], 'nothing at the top of the state directory');
    const files = (id: string) => new Set(readdirSync(join(shared, id)));
    for (const name of ['switchyard.db', 'secret.key', 'cache']) {
      assert.ok(files('a').has(name) && files('b').has(name), `${name} in each instance`);
    }
    assert.notDeepEqual(readFileSync(join(shared, 'a', 'secret.key')), readFileSync(join(shared, 'b', 'secret.key')));
    // The audit log is created with its first event; b had only reads.
    assert.match(readFileSync(join(shared, 'a', 'audit.jsonl'), 'utf8'), /only-in-a|key-in-a/);
    const auditB = files('b').has('audit.jsonl') ? readFileSync(join(shared, 'b', 'audit.jsonl'), 'utf8') : '';
    assert.doesNotMatch(auditB, /only-in-a|key-in-a/);
  });

  test('runtime.json names a PostgreSQL database without its credentials', async (t) => {
    const pg = postgresForTests();
    if (pg.url === undefined) return t.skip(pg.skip);
    const db = await freshDatabase(pg.url);
    const withPassword = new URL(db.url);
    // Trust authentication on the test cluster ignores the password; it is only here to be left out.
    withPassword.password = 'pg-PASSWORD-must-not-leak';
    const server = await startServerProcess({ stateDir, args: ['--instance-id', 'pg', '--database-url', withPassword.toString()] });
    try {
      const text = readFileSync(join(stateDir, 'pg', 'runtime.json'), 'utf8');
      const info = JSON.parse(text) as { database: string };
      assert.ok(!text.includes('pg-PASSWORD-must-not-leak'));
      assert.ok(!info.database.includes('@'), info.database);
      assert.match(info.database, new RegExp(`^postgres(ql)?://127\\.0\\.0\\.1:\\d+/${db.name}`));
      assert.ok(!server.output().includes('pg-PASSWORD-must-not-leak'));
      await api(server, 'POST', '/api/keys', { name: 'in-postgres' });
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});
