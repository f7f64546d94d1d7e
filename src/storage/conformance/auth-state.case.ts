/** Access tokens (with delegation), sessions, audit, lockouts, settings. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { newToken, withStore, type OpenStore } from './fixture.case.js';

export function authStateCases(open: OpenStore): void {
  describe('access tokens', () => {
    test('create, get, findByHash, list, touch', async () => {
      await withStore(open, async ({ repos }) => {
        const t = await repos.tokens.create(newToken({ scope: 'read', expiresAt: 4102444800000 }));
        assert.match(t.id, /^tok_/);
        assert.deepEqual(await repos.tokens.get(t.id), t);
        assert.deepEqual(await repos.tokens.findByHash(t.tokenHash), t);
        assert.equal(await repos.tokens.findByHash('f'.repeat(64)), undefined);
        assert.deepEqual(await repos.tokens.list(), [t]);
        await repos.tokens.touch(t.id, 1_234);
        assert.equal((await repos.tokens.get(t.id))?.lastUsedAt, 1_234);
        await assert.rejects(
          repos.tokens.create(newToken({ tokenHash: t.tokenHash })),
          (err: unknown) => err instanceof SwitchyardError && err.code === 'CONFLICT',
        );
      });
    });

    test('revoking a token revokes its descendants and nothing else', async () => {
      await withStore(open, async ({ repos }) => {
        const root = await repos.tokens.create(newToken());
        const child = await repos.tokens.create(newToken({ parentId: root.id, scope: 'write' }));
        const grandchild = await repos.tokens.create(newToken({ parentId: child.id, scope: 'read' }));
        const sibling = await repos.tokens.create(newToken({ parentId: root.id, scope: 'read' }));
        const stranger = await repos.tokens.create(newToken());

        assert.deepEqual((await repos.tokens.revoke(child.id, 5_000)).sort(), [child.id, grandchild.id].sort());
        assert.equal((await repos.tokens.get(child.id))?.revokedAt, 5_000);
        assert.equal((await repos.tokens.get(grandchild.id))?.revokedAt, 5_000);
        assert.equal((await repos.tokens.get(root.id))?.revokedAt, null);
        assert.equal((await repos.tokens.get(sibling.id))?.revokedAt, null);

        const all = await repos.tokens.revoke(root.id, 6_000);
        assert.deepEqual(all.sort(), [root.id, child.id, grandchild.id, sibling.id].sort());
        assert.equal((await repos.tokens.get(sibling.id))?.revokedAt, 6_000);
        assert.equal((await repos.tokens.get(child.id))?.revokedAt, 5_000, 'an earlier revocation time is kept');
        assert.equal((await repos.tokens.get(stranger.id))?.revokedAt, null);
        assert.deepEqual(await repos.tokens.revoke('tok_missing', 1), []);
      });
    });
  });

  describe('sessions', () => {
    test('create, get, remove, removeExpired', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.sessions.create({ idHash: 'h1', csrfToken: 'c1', expiresAt: 1_000 });
        await repos.sessions.create({ idHash: 'h2', csrfToken: 'c2', expiresAt: 3_000 });
        assert.deepEqual(await repos.sessions.get('h1'), { csrfToken: 'c1', expiresAt: 1_000 });
        await repos.sessions.removeExpired(2_000);
        assert.equal(await repos.sessions.get('h1'), undefined);
        assert.deepEqual(await repos.sessions.get('h2'), { csrfToken: 'c2', expiresAt: 3_000 });
        await repos.sessions.remove('h2');
        assert.equal(await repos.sessions.get('h2'), undefined);
        for (const h of ['a', 'b', 'c']) await repos.sessions.create({ idHash: h, csrfToken: h, expiresAt: 9_000 });
        await repos.sessions.removeAllExcept('b');
        assert.deepEqual([await repos.sessions.get('a'), await repos.sessions.get('c')], [undefined, undefined]);
        assert.ok(await repos.sessions.get('b'));
        await repos.sessions.removeAllExcept(null);
        assert.equal(await repos.sessions.get('b'), undefined);
      });
    });
  });

  describe('audit', () => {
    test('append and list newest first, filtered by time and event, details round-tripped', async () => {
      await withStore(open, async ({ repos }) => {
        const base = { outcome: 'success' as const, actor: 'cli', source: '127.0.0.1', userAgent: null, path: '/api/x' };
        await repos.audit.append({ ...base, ts: 1_000, event: 'login' });
        await repos.audit.append({ ...base, ts: 2_000, event: 'token.create', details: { prefix: 'sya_live_AbC1', n: 2 } });
        await repos.audit.append({ ...base, ts: 3_000, event: 'login', outcome: 'failure', userAgent: 'curl/8' });
        const all = await repos.audit.list({});
        assert.deepEqual(all.map((e) => e.ts), [3_000, 2_000, 1_000]);
        assert.equal(typeof all[0]?.ts, 'number');
        assert.deepEqual(all[1]?.details, { prefix: 'sya_live_AbC1', n: 2 });
        assert.equal(all[0]?.userAgent, 'curl/8');
        assert.equal('details' in (all[0] ?? {}), false);
        assert.deepEqual((await repos.audit.list({ event: 'login' })).map((e) => e.ts), [3_000, 1_000]);
        assert.deepEqual((await repos.audit.list({ since: 2_000, limit: 1 })).map((e) => e.ts), [3_000]);
      });
    });
  });

  describe('lockouts', () => {
    test('get, upsert, clear', async () => {
      await withStore(open, async ({ repos }) => {
        assert.equal(await repos.lockouts.get('10.0.0.1'), undefined);
        await repos.lockouts.put('10.0.0.1', { failures: 1, windowStart: 1_000, lockedUntil: null });
        await repos.lockouts.put('10.0.0.1', { failures: 5, windowStart: 1_000, lockedUntil: 901_000 });
        const s = await repos.lockouts.get('10.0.0.1');
        assert.deepEqual(s, { failures: 5, windowStart: 1_000, lockedUntil: 901_000 });
        assert.equal(typeof s?.failures, 'number');
        await repos.lockouts.clear('10.0.0.1');
        assert.equal(await repos.lockouts.get('10.0.0.1'), undefined);
      });
    });
  });

  describe('settings', () => {
    test('JSON values round-trip and overwrite', async () => {
      await withStore(open, async ({ repos }) => {
        const nested = { a: [1, 'two', { three: true }], b: null, c: 1.5, d: 'ünïcødé ✓' };
        await repos.settings.set('complex', nested);
        await repos.settings.set('flag', false);
        await repos.settings.set('n', 0);
        await repos.settings.set('s', 'text');
        assert.deepEqual(await repos.settings.get('complex'), nested);
        assert.equal(await repos.settings.get('flag'), false);
        assert.equal(await repos.settings.get('n'), 0);
        assert.equal(await repos.settings.get('missing'), undefined);
        await repos.settings.set('s', { replaced: 1 });
        assert.deepEqual(await repos.settings.all(), { complex: nested, flag: false, n: 0, s: { replaced: 1 } });
      });
    });
  });
}
