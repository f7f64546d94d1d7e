import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSecretBox, loadSecretKey, SECRET_KEY_FILE } from './secret-box.js';

test('seal and open round-trip; every seal of the same text differs', () => {
  const box = createSecretBox(randomBytes(32));
  const a = box.encrypt('sk-upstream-ünïcode');
  const b = box.encrypt('sk-upstream-ünïcode');
  assert.notEqual(a, b);
  assert.match(a, /^v1\./);
  assert.ok(!a.includes('sk-upstream'));
  assert.equal(box.decrypt(a), 'sk-upstream-ünïcode');
  assert.equal(box.decrypt(box.encrypt('')), '');
});

test('a tampered ciphertext, tag or iv is refused', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.encrypt('credential');
  const parts = sealed.split('.');
  for (const i of [1, 2, 3]) {
    const copy = [...parts];
    const bytes = Buffer.from(copy[i] ?? '', 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    copy[i] = bytes.toString('base64url');
    assert.throws(() => box.decrypt(copy.join('.')), Error, `part ${i}`);
  }
  assert.throws(() => box.decrypt('v2.' + parts.slice(1).join('.')), /unrecognised/);
  assert.throws(() => box.decrypt('garbage'), /unrecognised/);
});

test('the wrong key is refused', () => {
  const sealed = createSecretBox(randomBytes(32)).encrypt('credential');
  assert.throws(() => createSecretBox(randomBytes(32)).decrypt(sealed));
});

test('a key that is not 32 bytes is refused', () => {
  assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
});

test('the key file is created 0600 once and reused; SWITCHYARD_SECRET wins over it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-key-'));
  try {
    const first = loadSecretKey(dir, undefined);
    const file = join(dir, SECRET_KEY_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(first.length, 32);
    assert.deepEqual(loadSecretKey(dir, undefined), first);
    assert.equal(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').length, 32);
    const fromEnv = loadSecretKey(dir, 'my passphrase');
    assert.equal(fromEnv.length, 32);
    assert.notDeepEqual(fromEnv, first);
    assert.deepEqual(loadSecretKey(dir, 'my passphrase'), fromEnv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
