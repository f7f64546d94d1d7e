import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROVIDER_TYPES } from '../../core/index.js';
import { getPreset, listPresets, presetPrice } from './index.js';

const REQUIRED = ['openai', 'anthropic', 'gemini', 'openrouter', 'groq', 'deepseek', 'mistral', 'together',
  'fireworks', 'xai', 'glm', 'moonshot', 'ollama', 'lmstudio', 'vllm'];

test('the catalog holds every preset SPEC §1 names, each well formed', () => {
  assert.deepEqual(listPresets().map((p) => p.name).sort(), [...REQUIRED].sort());
  for (const p of listPresets()) {
    assert.ok(PROVIDER_TYPES.includes(p.type), p.name);
    const url = new URL(p.baseUrl);
    assert.ok(url.protocol === 'https:' || url.hostname === '127.0.0.1', `${p.name} base URL`);
    for (const m of p.models) {
      if (m.price) assert.ok(m.price.input >= 0 && m.price.output >= 0, `${p.name}/${m.id}`);
    }
  }
});

test('glm needs no URL; only openai speaks the Responses API natively', () => {
  assert.equal(getPreset('glm')?.baseUrl, 'https://open.bigmodel.cn/api/paas/v4');
  assert.equal(getPreset('GLM')?.name, 'glm');
  assert.deepEqual(listPresets().filter((p) => p.supportsResponses).map((p) => p.name), ['openai']);
  assert.equal(getPreset('nope'), undefined);
});

test('presetPrice finds catalog prices', () => {
  assert.deepEqual(presetPrice('openai', 'gpt-4o-mini'), { input: 0.15, output: 0.6, cachedInput: 0.075 });
  assert.equal(presetPrice('openai', 'unknown'), undefined);
  assert.equal(presetPrice(null, 'gpt-4o'), undefined);
});
