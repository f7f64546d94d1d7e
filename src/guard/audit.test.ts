import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateAccessToken, generateInferenceKey } from '../core/index.js';
import { maskSecrets } from './audit.js';

test('whole secrets are cut to a prefix and secret-named fields dropped', () => {
  const token = generateAccessToken();
  const key = generateInferenceKey();
  const out = JSON.stringify(maskSecrets({ note: `used ${token}`, nested: [{ k: key }], password: 'hunter2', apiKey: 'sk-upstream', id: 'tok_1' }));
  assert.ok(!out.includes(token) && !out.includes(key) && !out.includes('hunter2') && !out.includes('sk-upstream'), out);
  assert.ok(out.includes(`${token.slice(0, 13)}…`) && out.includes(`${key.slice(0, 10)}…`) && out.includes('tok_1'), out);
});
