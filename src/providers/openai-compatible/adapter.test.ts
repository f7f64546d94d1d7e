import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { openaiCompatibleAdapter as a } from './adapter.js';

const conn = { baseUrl: 'https://open.bigmodel.cn/api/paas/v4/', credential: 'secret' };

test('chatRequest hangs the endpoint off the base path and sends the bearer credential', () => {
  const r = a.chatRequest(conn, { model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }], stream: true });
  assert.equal(r.path, '/api/paas/v4/chat/completions');
  assert.equal(r.headers.authorization, 'Bearer secret');
  assert.equal(r.headers.accept, 'text/event-stream');
  assert.equal(JSON.parse(r.body).model, 'glm-4.6');
  const noKey = a.chatRequest({ baseUrl: 'http://127.0.0.1:11434/v1', credential: null }, { model: 'm', messages: [] });
  assert.equal(noKey.headers.authorization, undefined);
  assert.equal(a.modelsRequest(conn).path, '/api/paas/v4/models');
});

test('parseError reads the usual error shapes', () => {
  assert.deepEqual(a.parseError(400, '{"error":{"message":"bad","type":"invalid_request_error","code":"x"}}'), {
    message: 'bad',
    type: 'invalid_request_error',
    code: 'x',
  });
  assert.equal(a.parseError(500, '{"detail":"boom"}').message, 'boom');
  assert.equal(a.parseError(502, '<html>bad gateway</html>').message, '<html>bad gateway</html>');
  assert.equal(a.parseError(503, '').message, 'upstream answered HTTP 503');
});

test('the stream translator passes chunks, ignores [DONE], throws on error frames and bad JSON', () => {
  const s = a.chatStream('m');
  const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] };
  assert.deepEqual(s.push({ event: undefined, data: JSON.stringify(chunk) }), [chunk]);
  assert.deepEqual(s.push({ event: undefined, data: '[DONE]' }), []);
  assert.throws(() => s.push({ event: undefined, data: '{"error":{"message":"overloaded"}}' }), (e: unknown) =>
    e instanceof SwitchyardError && e.message === 'overloaded');
  assert.throws(() => s.push({ event: undefined, data: '{"choices":[' }), SwitchyardError);
});

test('parseChatResponse refuses a body without choices', () => {
  assert.throws(() => a.parseChatResponse({ id: 'x' }, 'm'), SwitchyardError);
});

test("DeepSeek's prompt_cache_hit_tokens become cached_tokens, in a JSON answer and in a stream's usage chunk", () => {
  const usage = { prompt_tokens: 100, completion_tokens: 2, total_tokens: 102, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 };
  const chat = a.parseChatResponse({ id: 'x', choices: [], usage: { ...usage } }, 'deepseek-chat');
  assert.equal(chat.usage?.prompt_tokens_details?.cached_tokens, 64);
  const [chunk] = a.chatStream('deepseek-chat').push({ event: undefined, data: JSON.stringify({ id: 'x', choices: [], usage }) });
  assert.equal(chunk?.usage?.prompt_tokens_details?.cached_tokens, 64);
  const own = a.parseChatResponse({ id: 'x', choices: [], usage: { ...usage, prompt_tokens_details: { cached_tokens: 10 } } }, 'deepseek-chat');
  assert.equal(own.usage?.prompt_tokens_details?.cached_tokens, 10, 'a count in the standard place wins');
});
