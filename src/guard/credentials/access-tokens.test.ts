import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateAccessToken, hashAccessToken } from '../../core/index.js';
import { createChangeBus, createRepos, createSecretBox, openDatabase, type Db, type Repos } from '../../storage/index.js';
import { createTokenVerifier, TOKEN_CACHE_TTL_MS } from './access-tokens.js';

let dir: string;
let db: Db;
let repos: Repos;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-tokens-unit-'));
  db = await openDatabase({ sqliteFile: join(dir, 'db.sqlite') });
  repos = createRepos(db, createSecretBox(Buffer.alloc(32, 4)));
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function mint(expiresAt: number | null = null): Promise<{ secret: string; id: string }> {
  const secret = generateAccessToken();
  const t = await repos.tokens.create({ name: 't', prefix: secret.slice(0, 13), tokenHash: hashAccessToken(secret), scope: 'read', parentId: null, expiresAt });
  return { secret, id: t.id };
}

test('verify: malformed, unknown, expired, revoked, ok', async () => {
  const now = 2_000_000_000_000;
  const v = createTokenVerifier({ repo: repos.tokens, now: () => now });
  assert.deepEqual(await v.verify('sya_live_short'), { ok: false, reason: 'malformed' });
  assert.deepEqual(await v.verify(generateAccessToken()), { ok: false, reason: 'unknown' });
  assert.equal((await v.verify((await mint(now - 1)).secret)).ok, false);
  const r = await mint();
  await repos.tokens.revoke(r.id, now);
  const revoked = await v.verify(r.secret);
  assert.ok(!revoked.ok && revoked.reason === 'revoked');
  assert.equal((await v.verify((await mint(now + 1000)).secret)).ok, true);
});

test('a revocation is seen at once through the change bus, and within the TTL without it', async () => {
  let now = 2_000_000_000_000;
  const events = createChangeBus();
  const v = createTokenVerifier({ repo: repos.tokens, events, now: () => now });
  const a = await mint();
  assert.equal((await v.verify(a.secret)).ok, true);
  await repos.tokens.revoke(a.id, now);
  events.emit('tokens');
  assert.equal((await v.verify(a.secret)).ok, false);

  const b = await mint();
  assert.equal((await v.verify(b.secret)).ok, true);
  await repos.tokens.revoke(b.id, now); // as if through another instance: no event here
  now += TOKEN_CACHE_TTL_MS;
  assert.equal((await v.verify(b.secret)).ok, false);
});

test('last-used times are written off the request path', async () => {
  const now = 2_100_000_000_000;
  const v = createTokenVerifier({ repo: repos.tokens, now: () => now });
  const t = await mint();
  assert.equal((await v.verify(t.secret)).ok, true);
  await v.flush();
  assert.equal((await repos.tokens.get(t.id))?.lastUsedAt, now);
});
