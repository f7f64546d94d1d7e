import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPostgres, openSqlite } from './db.js';
import { isDatabaseUnavailable } from './unavailable.js';
import { sql } from 'kysely';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('a PostgreSQL server that is not there is "unavailable", not an internal error', async () => {
  const db = await openPostgres(`postgres://nobody@127.0.0.1:${await closedPort()}/none`);
  try {
    const err = await sql`select 1`.execute(db.kysely).then(() => null, (e: unknown) => e);
    assert.ok(err, 'the query failed');
    assert.equal(isDatabaseUnavailable(err), true, String(err));
  } finally {
    await db.close();
  }
});

test('SQLite busy and disk-full codes are "unavailable"; a constraint violation or a syntax error is not', async () => {
  for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'ECONNRESET', '57P01', '08006']) {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), true, code);
  }
  assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }) })), true, 'via cause');
  const dir = mkdtempSync(join(tmpdir(), 'sy-unavail-'));
  const db = await openSqlite(join(dir, 'db.sqlite'));
  try {
    const err = await sql`selec 1`.execute(db.kysely).then(() => null, (e: unknown) => e);
    assert.equal(isDatabaseUnavailable(err), false, String(err));
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', '23505', '42601']) assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), false, code);
    assert.equal(isDatabaseUnavailable('text'), false);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
