// /v1/messages to an Anthropic-type provider is passed through, but the answer
// names the model the client asked for: Claude Code drops signed thinking from
// turns whose model is not the one it asks for, and the upstream then refuses
// the tool loop (answer-model.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signThinking } from '../../../test/helpers/anthropic-thinking.js';
import { startMockAnthropic, type MockUpstream } from '../../../test/helpers/mock-anthropic.js';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process.js';

let mock: MockUpstream;
let gw: InProcessGateway;
before(async () => {
  mock = await startMockAnthropic({ apiKey: 'sk-ant' });
  gw = await startInProcessGateway([{ name: 'anth', type: 'anthropic', baseUrl: mock.url, credential: 'sk-ant', models: ['claude-x'] }]);
});
after(async () => {
  await gw.close();
  await mock.close();
});

const BODY = { model: 'anth/claude-x', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }] };

test('a streamed native answer names the requested model in message_start; the thinking block is the upstream’s', async () => {
  mock.enqueue({ thinking: 'Hmm.', text: 'hello' });
  const r = await gw.post('/v1/messages', { ...BODY, stream: true });
  assert.equal(r.status, 200, r.text);
  assert.equal((mock.requests.at(-1)?.body as { model?: string }).model, 'claude-x', 'the provider got its own id');
  const events = r.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
  const start = events[0] as { type: string; message: { model: string } };
  assert.equal(start.type, 'message_start');
  assert.equal(start.message.model, 'anth/claude-x');
  const sig = events.find((e) => (e.delta as { type?: string } | undefined)?.type === 'signature_delta');
  assert.equal((sig?.delta as { signature: string }).signature, signThinking('Hmm.'));
  const text = events.map((e) => (e.delta as { type?: string; text?: string } | undefined)?.text ?? '').join('');
  assert.equal(text, 'hello', 'the rest of the stream came through');
});

test('a JSON native answer names the requested model', async () => {
  mock.enqueue({ thinking: 'Hmm.', text: 'hello' });
  const r = await gw.post('/v1/messages', BODY);
  assert.equal(r.status, 200, r.text);
  const body = r.json as { model: string; content: { type: string; signature?: string }[] };
  assert.equal(body.model, 'anth/claude-x');
  assert.equal(body.content[0]?.signature, signThinking('Hmm.'));
});
