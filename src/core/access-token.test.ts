import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateAccessToken, isWellFormedAccessToken, maskAccessToken, ACCESS_TOKEN_LENGTH } from './access-token.js';
import { generateInferenceKey, looksLikeInferenceKey } from './inference-key.js';
import { crc32 } from './crc32.js';

test('crc32 matches the IEEE reference value', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
});

test('access tokens: format, checksum, masking', () => {
  const t = generateAccessToken();
  assert.match(t, /^sya_live_[0-9A-Za-z]{38}$/);
  assert.equal(t.length, ACCESS_TOKEN_LENGTH);
  assert.ok(isWellFormedAccessToken(t));
  assert.equal(maskAccessToken(t), t.slice(0, 13) + '…');
});

test('a token with one character flipped fails its checksum', () => {
  const t = generateAccessToken();
  for (const i of [9, 20, t.length - 1]) {
    const c = t[i] === 'a' ? 'b' : 'a';
    assert.equal(isWellFormedAccessToken(t.slice(0, i) + c + t.slice(i + 1)), false, `flip at ${i}`);
  }
  assert.equal(isWellFormedAccessToken(t.slice(0, -1)), false);
});

test('inference keys: sk-sy- + 40 base62, distinct', () => {
  const a = generateInferenceKey();
  assert.match(a, /^sk-sy-[0-9A-Za-z]{40}$/);
  assert.ok(looksLikeInferenceKey(a));
  assert.notEqual(a, generateInferenceKey());
  assert.equal(looksLikeInferenceKey('sk-sy-short'), false);
});
