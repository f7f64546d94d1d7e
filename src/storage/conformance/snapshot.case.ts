/** Snapshot export → wipe → import, all-or-nothing imports, and a wipe that keeps the password. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { createSecretBox } from '../secret-box.js';
import { createSnapshotRepo, PASSWORD_SETTING } from '../snapshot.js';
import { newKey, newProvider, newToken, withStore, type OpenStore, type StorageFixture } from './fixture.case.js';

async function seed(s: StorageFixture) {
  const { repos } = s;
  const provider = await repos.providers.create(newProvider({ name: 'glm', credential: 'sk-glm-PLAIN' }));
  const key = await repos.keys.create(newKey({ allowedModels: ['glm/glm-5'], rpmLimit: 10 }));
  const combo = await repos.combos.create({ name: 'best', strategy: 'fallback', targets: [{ model: 'glm/glm-5' }] });
  const token = await repos.tokens.create(newToken({ scope: 'write' }));
  const child = await repos.tokens.create(newToken({ scope: 'read', parentId: token.id }));
  await repos.settings.set(PASSWORD_SETTING, 'scrypt$current');
  await repos.settings.set('requireLogin', true);
  await repos.usage.insertMany([
    {
      requestId: 'req_1', ts: 1, keyId: key.id, api: 'chat', stream: false, provider: 'glm', model: 'glm/glm-5', combo: null,
      inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0, latencyMs: 1, ttfbMs: null, status: 200, errorCode: null, fallbackPath: [],
    },
  ]);
  await repos.audit.append({ ts: 1, event: 'login', outcome: 'success', actor: 'cli', source: '127.0.0.1', userAgent: null, path: null });
  return { provider, key, combo, token, child };
}

async function state(s: StorageFixture) {
  const r = s.repos;
  return {
    providers: await r.providers.list(),
    keys: await r.keys.list(),
    combos: await r.combos.list(),
    tokens: await r.tokens.list(),
    settings: await r.settings.all(),
  };
}

const isValidation = (err: unknown): boolean => err instanceof SwitchyardError && err.code === 'VALIDATION_FAILED';

export function snapshotCases(open: OpenStore): void {
  describe('snapshot', () => {
    test('export holds every configuration table, secrets only hashed or encrypted, no password hash', async () => {
      await withStore(open, async (s) => {
        const seeded = await seed(s);
        const snap = await createSnapshotRepo(s.db, { box: s.box }).export();
        assert.equal(snap.format, 'switchyard-export');
        assert.equal(snap.version, 1);
        assert.equal(typeof snap.exportedAt, 'string');
        const text = JSON.stringify(snap);
        assert.ok(!text.includes('sk-glm-PLAIN'));
        assert.ok(!text.includes('scrypt$current'));
        assert.ok(text.includes(seeded.key.keyHash));
        assert.ok(text.includes(seeded.token.tokenHash));
        assert.deepEqual(snap.settings, { requireLogin: true });
        for (const table of ['providers', 'keys', 'combos', 'tokens'] as const) assert.ok(Array.isArray(snap[table]), table);
        assert.equal((snap.tokens as unknown[]).length, 2);
        assert.equal('usage' in snap || 'audit' in snap, false);
      });
    });

    test('export → wipe → import restores every provider, key, combo, token and setting', async () => {
      await withStore(open, async (s) => {
        await seed(s);
        const snapshots = createSnapshotRepo(s.db, { box: s.box });
        const before = await state(s);
        const r = { id: 'resp_wiped', keyId: 'k', createdAt: 1, expiresAt: Date.now() + 60_000, body: '{}' };
        await s.repos.responses.put(r);
        const file = JSON.parse(JSON.stringify(await snapshots.export())) as unknown;
        assert.ok(!JSON.stringify(file).includes('resp_wiped'), 'stored responses are not exported');
        await snapshots.wipe();
        assert.equal(await s.repos.responses.get(r.id, r.keyId, Date.now()), undefined, 'a wipe removes stored responses');
        const wiped = await state(s);
        assert.deepEqual(wiped, { providers: [], keys: [], combos: [], tokens: [], settings: { [PASSWORD_SETTING]: 'scrypt$current' } });
        assert.equal(await s.repos.usage.count(), 0);
        assert.equal((await s.repos.audit.list({})).length, 1, 'the audit table is append-only and survives a wipe');

        const result = await snapshots.import(file);
        assert.deepEqual(result.counts, { providers: 1, keys: 1, combos: 1, tokens: 2, settings: 1 });
        assert.deepEqual(await state(s), before);
        const glm = await s.repos.providers.get('glm');
        assert.equal(await s.repos.providers.credential(glm?.id ?? ''), 'sk-glm-PLAIN');
      });
    });

    test('import keeps the current password and ignores one in the file', async () => {
      await withStore(open, async (s) => {
        await seed(s);
        const snapshots = createSnapshotRepo(s.db, { box: s.box });
        const file = { ...(await snapshots.export()), settings: { [PASSWORD_SETTING]: 'scrypt$attacker', theme: 'dark' } };
        await snapshots.import(file);
        assert.deepEqual(await s.repos.settings.all(), { [PASSWORD_SETTING]: 'scrypt$current', theme: 'dark' });
      });
    });

    test('a malformed import throws VALIDATION_FAILED and changes nothing', async () => {
      await withStore(open, async (s) => {
        await seed(s);
        const snapshots = createSnapshotRepo(s.db, { box: s.box });
        const good = JSON.parse(JSON.stringify(await snapshots.export())) as Record<string, unknown> & { providers: Record<string, unknown>[] };
        const before = await state(s);
        const provider = good.providers[0] ?? {};
        const bad: unknown[] = [
          null,
          'text',
          [],
          { ...good, format: 'something-else' },
          { ...good, version: 2 },
          { ...good, keys: 'nope' },
          { ...good, providers: [{ ...provider, base_url: 42 }] },
          { ...good, providers: [{ ...provider, models: '{not json' }] },
          { ...good, providers: [provider, { ...provider, id: 'prv_other' }] },
          { ...good, combos: [{ id: 'c', name: 'x', strategy: 'random', targets: '[]', created_at: 1, updated_at: 1 }] },
        ];
        for (const input of bad) {
          await assert.rejects(snapshots.import(input), isValidation, JSON.stringify(input)?.slice(0, 80));
        }
        assert.deepEqual(await state(s), before);
      });
    });

    test('credentials sealed with another secret key are refused before anything changes', async () => {
      await withStore(open, async (s) => {
        await seed(s);
        const snapshots = createSnapshotRepo(s.db, { box: s.box });
        const file = JSON.parse(JSON.stringify(await snapshots.export())) as { providers: { credential_enc: string | null }[] };
        const foreign = createSecretBox(Buffer.alloc(32, 7));
        file.providers[0] = { ...file.providers[0], credential_enc: foreign.encrypt('sk-from-elsewhere') };
        const before = await state(s);
        await assert.rejects(snapshots.import(file), (err: unknown) => isValidation(err) && /secret key/.test((err as Error).message));
        assert.deepEqual(await state(s), before);
      });
    });

    test('import and wipe announce the change so caches drop their copies', async () => {
      await withStore(open, async (s) => {
        const seen: string[] = [];
        const events = { on: () => {}, emit: (t: string) => void seen.push(t) };
        const snapshots = createSnapshotRepo(s.db, { box: s.box, events });
        const file = await snapshots.export();
        await snapshots.wipe();
        await snapshots.import(file);
        assert.deepEqual(seen.filter((t) => t === 'keys').length, 2);
        assert.ok(seen.includes('providers') && seen.includes('tokens') && seen.includes('combos') && seen.includes('settings'));
      });
    });
  });
}
