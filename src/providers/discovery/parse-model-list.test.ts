import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModelPage } from './parse-model-list.js';

test('OpenAI-compatible lists, including the {models:[{name}]} form of some local servers', () => {
  assert.deepEqual(parseModelPage('openai-compatible', { object: 'list', data: [{ id: 'a' }, { id: 'b' }] }), { ids: ['a', 'b'], next: null });
  assert.deepEqual(parseModelPage('openai-compatible', { models: [{ name: 'llama3' }] }), { ids: ['llama3'], next: null });
  assert.equal(parseModelPage('openai-compatible', { hello: 1 }), null);
  assert.equal(parseModelPage('openai-compatible', [1, 2]), null);
});

test('Anthropic pages by after_id', () => {
  assert.deepEqual(parseModelPage('anthropic', { data: [{ id: 'c1' }], has_more: true, last_id: 'c1' }), { ids: ['c1'], next: { after_id: 'c1' } });
  assert.deepEqual(parseModelPage('anthropic', { data: [{ id: 'c2' }], has_more: false, last_id: 'c2' }), { ids: ['c2'], next: null });
});

test('Gemini strips models/ and leaves out models that cannot generateContent', () => {
  const page = parseModelPage('gemini', {
    models: [
      { name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent', 'countTokens'] },
      { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] },
    ],
    nextPageToken: 'tok',
  });
  assert.deepEqual(page, { ids: ['gemini-2.5-pro'], next: { pageToken: 'tok' } });
});

test('ids that are not short strings are dropped', () => {
  assert.deepEqual(parseModelPage('openai-compatible', { data: [{ id: 'x'.repeat(201) }, { id: 3 }, { id: 'ok' }] })?.ids, ['ok']);
});
