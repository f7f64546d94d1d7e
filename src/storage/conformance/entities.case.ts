/** Providers, inference keys and combos: CRUD, uniqueness, secrets at rest. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { newKey, newProvider, withStore, type OpenStore } from './fixture.case.js';

const isConflict = (err: unknown): boolean => err instanceof SwitchyardError && err.code === 'CONFLICT' && err.status === 409;

export function entityCases(open: OpenStore): void {
  describe('providers', () => {
    test('create, get by id and by name, list sorted by name', async () => {
      await withStore(open, async ({ repos }) => {
        const b = await repos.providers.create(newProvider({ name: 'bravo' }));
        const a = await repos.providers.create(newProvider({ name: 'alpha', credential: null, enabled: false }));
        assert.match(b.id, /^prv_/);
        assert.equal(b.hasCredential, true);
        assert.equal(a.hasCredential, false);
        assert.equal(a.enabled, false);
        assert.deepEqual(await repos.providers.get(b.id), b);
        assert.deepEqual(await repos.providers.get('bravo'), b);
        assert.equal(await repos.providers.get('nope'), undefined);
        assert.deepEqual((await repos.providers.list()).map((p) => p.name), ['alpha', 'bravo']);
        assert.deepEqual(b.models, [{ id: 'm1', price: { input: 1, output: 2 } }, { id: 'm2' }]);
        assert.equal(typeof b.createdAt, 'number');
      });
    });

    test('the credential is encrypted at rest and decrypts for the upstream layer', async () => {
      await withStore(open, async ({ db, repos }) => {
        const p = await repos.providers.create(newProvider({ credential: 'sk-very-secret-XYZ' }));
        const raw = await db.kysely.selectFrom('providers').select('credential_enc').where('id', '=', p.id).executeTakeFirstOrThrow();
        assert.ok(raw.credential_enc);
        assert.ok(!raw.credential_enc.includes('sk-very-secret-XYZ'));
        assert.equal(await repos.providers.credential(p.id), 'sk-very-secret-XYZ');
        assert.ok(!JSON.stringify(p).includes('sk-very-secret'), 'the entity never carries the credential');
      });
    });

    test('update patches fields, sets and clears the credential, and answers undefined for an unknown id', async () => {
      await withStore(open, async ({ repos }) => {
        const p = await repos.providers.create(newProvider());
        const u = await repos.providers.update(p.id, { name: 'renamed', enabled: false, models: [{ id: 'x' }], supportsResponses: true });
        assert.equal(u?.name, 'renamed');
        assert.equal(u?.enabled, false);
        assert.equal(u?.supportsResponses, true);
        assert.deepEqual(u?.models, [{ id: 'x' }]);
        assert.ok((u?.updatedAt ?? 0) >= p.updatedAt);
        await repos.providers.update(p.id, { credential: 'new-cred' });
        assert.equal(await repos.providers.credential(p.id), 'new-cred');
        const cleared = await repos.providers.update(p.id, { credential: null });
        assert.equal(cleared?.hasCredential, false);
        assert.equal(await repos.providers.credential(p.id), null);
        assert.equal(await repos.providers.update('prv_missing', { enabled: true }), undefined);
      });
    });

    test('a duplicate name is a CONFLICT, on create and on rename', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.providers.create(newProvider({ name: 'same' }));
        const other = await repos.providers.create(newProvider({ name: 'other' }));
        await assert.rejects(repos.providers.create(newProvider({ name: 'same' })), isConflict);
        await assert.rejects(repos.providers.update(other.id, { name: 'same' }), isConflict);
        assert.equal((await repos.providers.list()).length, 2);
      });
    });

    test('remove answers whether something was removed', async () => {
      await withStore(open, async ({ repos }) => {
        const p = await repos.providers.create(newProvider());
        assert.equal(await repos.providers.remove(p.id), true);
        assert.equal(await repos.providers.remove(p.id), false);
        assert.equal(await repos.providers.get(p.id), undefined);
      });
    });
  });

  describe('inference keys', () => {
    test('create, get, findByHash, list, with limits round-tripped as numbers', async () => {
      await withStore(open, async ({ repos }) => {
        const k = await repos.keys.create(
          newKey({ allowedModels: ['a/b', 'combo1'], rpmLimit: 60, dailyBudgetUsd: 1.5, monthlyBudgetUsd: 20.25, expiresAt: 4102444800000 }),
        );
        const plain = await repos.keys.create(newKey({ allowedModels: [] }));
        assert.match(k.id, /^key_/);
        const got = await repos.keys.get(k.id);
        assert.deepEqual(got, k);
        assert.deepEqual(got?.allowedModels, ['a/b', 'combo1']);
        assert.equal(got?.rpmLimit, 60);
        assert.equal(got?.dailyBudgetUsd, 1.5);
        assert.equal(got?.monthlyBudgetUsd, 20.25);
        assert.equal(got?.expiresAt, 4102444800000);
        assert.equal(typeof got?.createdAt, 'number');
        assert.deepEqual(await repos.keys.findByHash(k.keyHash), k);
        assert.equal(await repos.keys.findByHash('0'.repeat(64)), undefined);
        assert.deepEqual((await repos.keys.list()).map((x) => x.id).sort(), [k.id, plain.id].sort());
      });
    });

    test('revoke once, then again is a no-op; touch records last use', async () => {
      await withStore(open, async ({ repos }) => {
        const k = await repos.keys.create(newKey());
        assert.equal(await repos.keys.revoke(k.id, 1_000), true);
        assert.equal(await repos.keys.revoke(k.id, 2_000), false);
        assert.equal((await repos.keys.get(k.id))?.revokedAt, 1_000);
        assert.equal(await repos.keys.revoke('key_missing', 1), false);
        const other = await repos.keys.create(newKey());
        await repos.keys.touch(new Map());
        await repos.keys.touch(new Map([[k.id, 1_700_000_000_123], [other.id, 42], ['key_missing', 7]]));
        assert.equal((await repos.keys.get(k.id))?.lastUsedAt, 1_700_000_000_123);
        assert.equal((await repos.keys.get(other.id))?.lastUsedAt, 42);
      });
    });

    test('a duplicate hash is a CONFLICT', async () => {
      await withStore(open, async ({ repos }) => {
        const k = await repos.keys.create(newKey());
        await assert.rejects(repos.keys.create(newKey({ keyHash: k.keyHash })), isConflict);
      });
    });
  });

  describe('combos', () => {
    test('create, get, list, replace, remove', async () => {
      await withStore(open, async ({ repos }) => {
        const c = await repos.combos.create({ name: 'zeta', strategy: 'fallback', targets: [{ model: 'a/x' }, { model: 'b/y' }] });
        await repos.combos.create({ name: 'alpha', strategy: 'weighted', targets: [{ model: 'a/x', weight: 3 }] });
        assert.match(c.id, /^cmb_/);
        assert.deepEqual(await repos.combos.get('zeta'), c);
        assert.deepEqual((await repos.combos.list()).map((x) => x.name), ['alpha', 'zeta']);
        const r = await repos.combos.replace('zeta', { strategy: 'round-robin', targets: [{ model: 'c/z' }] });
        assert.equal(r?.strategy, 'round-robin');
        assert.deepEqual(r?.targets, [{ model: 'c/z' }]);
        assert.equal(r?.id, c.id);
        assert.equal(await repos.combos.replace('missing', { strategy: 'fallback', targets: [] }), undefined);
        assert.equal(await repos.combos.remove('zeta'), true);
        assert.equal(await repos.combos.remove('zeta'), false);
        assert.equal(await repos.combos.get('zeta'), undefined);
      });
    });

    test('a duplicate name is a CONFLICT', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.combos.create({ name: 'dup', strategy: 'fallback', targets: [] });
        await assert.rejects(repos.combos.create({ name: 'dup', strategy: 'fallback', targets: [] }), isConflict);
      });
    });
  });
}
