// Issue 15 item 2: a chat upstream that does not know `reasoning_effort` (its
// preset says so) is not sent it — on the chat pass-through too, where the body
// otherwise goes up as received; one that takes it gets the bytes unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockOpenAI, type MockOpenAI } from '../../../test/helpers/mock-openai.js';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process.js';

let mock: MockOpenAI;
let gw: InProcessGateway;
before(async () => {
  mock = await startMockOpenAI({ apiKey: 'k', models: ['m'] });
  gw = await startInProcessGateway([
    { name: 'ds', type: 'openai-compatible', baseUrl: `${mock.url}`, credential: 'k', models: ['m'], preset: 'deepseek' },
    { name: 'oa', type: 'openai-compatible', baseUrl: `${mock.url}`, credential: 'k', models: ['m'], preset: 'openai' },
  ]);
});
after(async () => {
  await gw.close();
  await mock.close();
});

const text = 'ça va ✓ 中文';
for (const stream of [false, true]) {
  test(`chat pass-through (${stream ? 'stream' : 'json'}): reasoning_effort left out for a preset that does not take it, kept for one that does`, async () => {
    const body = { model: 'ds/m', messages: [{ role: 'user', content: text }], reasoning_effort: 'high', stream };
    const r = await gw.post('/v1/chat/completions', body);
    assert.equal(r.status, 200, r.text);
    const sent = mock.chatRequests().at(-1)?.body as Record<string, unknown>;
    assert.equal('reasoning_effort' in sent, false, 'deepseek: not sent');
    assert.deepEqual(sent.messages, body.messages, 'the rest exactly as sent');
    assert.equal(sent.model, 'm');

    const ok = await gw.post('/v1/chat/completions', { ...body, model: 'oa/m' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((mock.chatRequests().at(-1)?.body as Record<string, unknown>).reasoning_effort, 'high', 'openai: kept');
  });
}
