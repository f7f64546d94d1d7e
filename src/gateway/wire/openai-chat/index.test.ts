import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwitchyardError, type ChatChunk } from '../../../core/index.js';
import { openAiChatWire as wire } from './index.js';

const ctx = { requestId: 'req_1', requestedModel: 'p/m', created: 1 };

test('parse accepts a chat body and keeps unknown fields', () => {
  const p = wire.parse({ model: 'p/m', messages: [{ role: 'user', content: 'hi' }], stream: true, seed: 3 });
  assert.equal(p.model, 'p/m');
  assert.equal(p.stream, true);
  assert.equal(p.chat.seed, 3);
});

test('parse refuses what it cannot route, with a 400 naming the field', () => {
  for (const [body, field] of [
    [[], 'object'],
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
    [{ model: 'p/m' }, 'messages'],
    [{ model: 'p/m', messages: [{}], stream: 'yes' }, 'stream'],
  ] as const) {
    assert.throws(() => wire.parse(body), (e: unknown) => e instanceof SwitchyardError && e.status === 400 && e.message.includes(field));
  }
});

test('errors render in OpenAI format with a lower-case stable code', () => {
  const r = wire.renderError(new SwitchyardError('MODEL_NOT_FOUND', "model 'x' not found"));
  assert.equal(r.status, 404);
  assert.deepEqual(JSON.parse(r.body), { error: { message: "model 'x' not found", type: 'not_found_error', code: 'model_not_found' } });
  const hidden = wire.renderError(new SwitchyardError('INTERNAL', 'db path /secret'));
  assert.equal(JSON.parse(hidden.body).error.message, 'Internal error');
});

test('the stream encoder drops the usage chunk unless asked, ends with [DONE], errors as a data frame', () => {
  const usageChunk: ChatChunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };
  assert.equal(wire.streamEncoder(ctx).chunk(usageChunk), '');
  assert.match(wire.streamEncoder({ ...ctx, includeUsage: true }).chunk(usageChunk), /^data: \{.*"usage"/);
  const enc = wire.streamEncoder(ctx);
  assert.equal(enc.end(), 'data: [DONE]\n\n');
  const frame = enc.error(new SwitchyardError('UPSTREAM_ERROR', 'upstream died', { expose: true }));
  assert.deepEqual(JSON.parse(frame.slice(6)), { error: { message: 'upstream died', type: 'server_error', code: 'upstream_error' } });
});
