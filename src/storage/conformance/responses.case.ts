/** Stored Responses API responses: per-key reads, expiry, deletion, sealing at rest. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createRepos } from '../index.js';
import { createSecretBox } from '../secret-box.js';
import type { StoredResponse } from '../ports.js';
import { withStore, type OpenStore } from './fixture.case.js';

const NOW = 1_700_000_000_000;

function stored(over: Partial<StoredResponse> = {}): StoredResponse {
  const body = JSON.stringify({ input: [{ role: 'user', content: 'héllo 🌍' }], response: { id: 'resp_1', output: [] } });
  return { id: `resp_${randomBytes(6).toString('hex')}`, keyId: 'key_a', createdAt: NOW, expiresAt: NOW + 60_000, body, ...over };
}

export function responseCases(open: OpenStore): void {
  describe('stored responses', () => {
    test('put then get by id and key gives the body back exactly; another key or an unknown id gets nothing', async () => {
      await withStore(open, async ({ repos }) => {
        const r = stored();
        await repos.responses.put(r);
        assert.deepEqual(await repos.responses.get(r.id, 'key_a', NOW), r);
        assert.equal(await repos.responses.get(r.id, 'key_b', NOW), undefined);
        assert.equal(await repos.responses.get('resp_unknown', 'key_a', NOW), undefined);
      });
    });

    test('the body is sealed at rest: the row holds no plaintext', async () => {
      await withStore(open, async ({ db, repos }) => {
        const r = stored({ body: JSON.stringify({ secret: 'the-conversation-text' }) });
        await repos.responses.put(r);
        const row = await db.kysely.selectFrom('stored_responses').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
        assert.ok(!row.body.includes('the-conversation-text'), row.body);
        assert.match(row.body, /^v1\./);
      });
    });

    test('a row sealed under another secret reads as absent, not as an error', async () => {
      await withStore(open, async ({ db, repos }) => {
        const r = stored();
        await createRepos(db, createSecretBox(randomBytes(32))).responses.put(r);
        assert.equal(await repos.responses.get(r.id, 'key_a', NOW), undefined);
      });
    });

    test('an expired row is never returned nor deleted by remove; removeExpired purges only expired rows', async () => {
      await withStore(open, async ({ repos }) => {
        const live = stored({ expiresAt: NOW + 10 });
        const dead = stored({ expiresAt: NOW });
        await repos.responses.put(live);
        await repos.responses.put(dead);
        assert.equal(await repos.responses.get(dead.id, 'key_a', NOW), undefined);
        assert.ok(await repos.responses.get(live.id, 'key_a', NOW));
        assert.equal(await repos.responses.get(live.id, 'key_a', NOW + 10), undefined, 'expired at its expiry time');
        assert.equal(await repos.responses.remove(dead.id, 'key_a', NOW), false);
        assert.equal(await repos.responses.removeExpired(NOW), 1);
        assert.equal(await repos.responses.removeExpired(NOW), 0);
        assert.ok(await repos.responses.get(live.id, 'key_a', NOW), 'the live row survives the purge');
      });
    });

    test('remove deletes only the key’s own row; an id stored twice keeps the first', async () => {
      await withStore(open, async ({ repos }) => {
        const r = stored();
        await repos.responses.put(r);
        assert.equal(await repos.responses.remove(r.id, 'key_b', NOW), false);
        assert.ok(await repos.responses.get(r.id, 'key_a', NOW));
        await repos.responses.put({ ...r, keyId: 'key_b', body: '{"other":true}' });
        assert.deepEqual(await repos.responses.get(r.id, 'key_a', NOW), r, 'a clash never overwrites');
        assert.equal(await repos.responses.get(r.id, 'key_b', NOW), undefined);
        assert.equal(await repos.responses.remove(r.id, 'key_a', NOW), true);
        assert.equal(await repos.responses.get(r.id, 'key_a', NOW), undefined);
        assert.equal(await repos.responses.remove(r.id, 'key_a', NOW), false);
      });
    });
  });
}
