import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRepos, createSecretBox, openDatabase, type Db, type Repos } from '../storage/index.js';
import { createLockout, LOCKOUT_DURATION_MS, LOCKOUT_WINDOW_MS, lockoutKey } from './lockout.js';

let dir: string;
let db: Db;
let repos: Repos;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-lockout-unit-'));
  db = await openDatabase({ sqliteFile: join(dir, 'db.sqlite') });
  repos = createRepos(db, createSecretBox(Buffer.alloc(32, 3)));
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const wrong = () => Promise.resolve(false);
const right = () => Promise.resolve(true);

test('five failures lock for 15 minutes; then the count starts again', async () => {
  let now = 1_000_000;
  const l = createLockout(repos.lockouts, () => now);
  for (let i = 1; i <= 4; i++) assert.deepEqual(await l.attempt('10.0.0.1', wrong), { ok: false, locked: false, failures: i });
  const fifth = await l.attempt('10.0.0.1', wrong);
  assert.ok(!fifth.ok && fifth.locked && fifth.lockedNow && fifth.retryAfterSec === LOCKOUT_DURATION_MS / 1000);
  let verified = false;
  const during = await l.attempt('::ffff:10.0.0.1', () => ((verified = true), Promise.resolve(true)));
  assert.ok(!during.ok && during.locked && !during.lockedNow, 'the same client over IPv4-mapped IPv6 is locked too');
  assert.equal(verified, false, 'the password is not even checked during a lockout');
  now += LOCKOUT_DURATION_MS + 1;
  assert.equal((await l.check('10.0.0.1')).locked, false);
  assert.deepEqual(await l.attempt('10.0.0.1', wrong), { ok: false, locked: false, failures: 1 });
});

test('failures older than the window do not count', async () => {
  let now = 5_000_000;
  const l = createLockout(repos.lockouts, () => now);
  for (let i = 0; i < 4; i++) await l.attempt('10.0.0.2', wrong);
  now += LOCKOUT_WINDOW_MS + 1;
  assert.deepEqual(await l.attempt('10.0.0.2', wrong), { ok: false, locked: false, failures: 1 });
  assert.deepEqual(await l.attempt('10.0.0.2', right), { ok: true });
  assert.equal(await repos.lockouts.get(lockoutKey('10.0.0.2')), undefined, 'success clears the row');
});
