import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyPassword } from '../guard/credentials/password.js';
import { createRepos, createSecretBox, openDatabase } from '../storage/index.js';
import { bootstrapPassword, PASSWORD_SETTING } from './bootstrap-password.js';

async function withSettings(fn: (settings: ReturnType<typeof createRepos>['settings']) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pw-'));
  const db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  try {
    await fn(createRepos(db, createSecretBox(randomBytes(32))).settings);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('first start without SWITCHYARD_PASSWORD generates one, stores only its hash, and never again', async () => {
  await withSettings(async (settings) => {
    const { generated } = await bootstrapPassword(settings, undefined);
    assert.ok(generated && generated.length >= 16);
    const hash = String(await settings.get(PASSWORD_SETTING));
    assert.ok(!hash.includes(generated));
    assert.equal(await verifyPassword(generated, hash), true);
    assert.deepEqual(await bootstrapPassword(settings, undefined), { generated: null });
    assert.deepEqual(await bootstrapPassword(settings, 'a-later-env-password'), { generated: null });
    assert.equal(await settings.get(PASSWORD_SETTING), hash, 'an existing password is kept');
  });
});

test('SWITCHYARD_PASSWORD is hashed and not echoed back', async () => {
  await withSettings(async (settings) => {
    assert.deepEqual(await bootstrapPassword(settings, 'from-the-environment'), { generated: null });
    const hash = String(await settings.get(PASSWORD_SETTING));
    assert.match(hash, /^scrypt\$/);
    assert.equal(await verifyPassword('from-the-environment', hash), true);
    assert.equal(await verifyPassword('something-else', hash), false);
  });
});
