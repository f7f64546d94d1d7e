// A clean stop writes what was still buffered: an access token used twice in
// quick succession has its second use recorded only in memory (last-used times
// are written at most every few seconds); SIGTERM must write it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startServerProcess, tempDir } from '../helpers/cli.js';

test('SIGTERM writes an access token last-used time still buffered in memory', async (t) => {
  const dir = tempDir('last-used');
  t.after(() => dir.cleanup());
  const server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  t.after(() => server.stop());
  const connect = await fetch(`${server.url}/api/cli/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: server.password, name: 'last-used' }),
  });
  assert.equal(connect.status, 201, await connect.clone().text());
  const { token, id } = (await connect.json()) as { token: string; id: string };
  const use = async () => {
    const r = await fetch(`${server.url}/api/models`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
  };
  await use(); // written at once
  await new Promise((r) => setTimeout(r, 300));
  const second = Date.now();
  await use(); // buffered: the next write is seconds away
  await server.stop();

  const db = new Database(join(server.instanceDir, 'switchyard.db'), { readonly: true });
  try {
    const row = db.prepare('select last_used_at from access_tokens where id = ?').get(id) as { last_used_at: number | null } | undefined;
    assert.ok(row, 'the token row exists');
    assert.ok(row.last_used_at !== null && Number(row.last_used_at) >= second, `last_used_at ${row.last_used_at} is the second use (${second})`);
  } finally {
    db.close();
  }
});
