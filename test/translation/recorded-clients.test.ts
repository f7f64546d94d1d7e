// Real Codex and Claude Code requests (recorded in test/fixtures/clients) through
// each client wire format and each provider adapter, against mock upstreams that
// refuse what the real APIs refuse: every client must work with every provider.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { messagesWire } from '../../src/gateway/wire/anthropic-messages/index.js';
import { responsesWire } from '../../src/gateway/wire/openai-responses/index.js';
import type { WireFormat } from '../../src/gateway/wire/types.js';
import { anthropicAdapter } from '../../src/providers/anthropic/index.js';
import { geminiAdapter } from '../../src/providers/gemini/index.js';
import type { ProviderAdapter } from '../../src/providers/types.js';
import { roundTrip } from '../helpers/adapter-roundtrip.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import type { MockUpstream } from '../helpers/mock-upstream-base.js';

const DIR = resolve(import.meta.dirname, '../fixtures/clients');
const recorded = readdirSync(DIR)
  .filter((f) => /^(codex|claude)-.*-post-v1-(responses|messages)\.json$/.test(f))
  .map((f) => ({ name: f, body: (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { request: { body: unknown } }).request.body }));

let anthropic: MockUpstream;
let gemini: MockUpstream;
before(async () => {
  anthropic = await startMockAnthropic({ apiKey: 'k' });
  gemini = await startMockGemini({ apiKey: 'k' });
});
after(async () => {
  await anthropic.close();
  await gemini.close();
});

test('there are recorded requests of both clients', () => {
  assert.ok(recorded.some((r) => r.name.startsWith('codex')));
  assert.ok(recorded.some((r) => r.name.startsWith('claude')));
});

for (const r of recorded) {
  const wire: WireFormat = r.name.includes('responses') ? responsesWire : messagesWire;
  for (const [label, adapter, mock] of [
    ['anthropic', anthropicAdapter, () => anthropic],
    ['gemini', geminiAdapter, () => gemini],
  ] as [string, ProviderAdapter, () => MockUpstream][]) {
    test(`${r.name} → ${label}: accepted upstream, stream and not`, async () => {
      const { chat } = wire.parse(r.body);
      for (const stream of [false, true]) {
        const res = await roundTrip(adapter, mock().url, 'k', { ...chat, model: 'mock-model', stream });
        assert.equal(res.status, 200, res.error);
      }
    });
  }
}
