// The fast checks of Responses items and Messages messages (openai-responses/known-items.ts,
// anthropic-messages/known-messages.ts) stand in for zod only when they say yes: then zod must
// accept the body too and give back the same value. Checked on the recorded client requests, the
// benchmark's agent bodies and a few thousand malformed bodies from the fuzz generator.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { z } from 'zod';
// @ts-expect-error -- a plain .mjs of the benchmark, without types
import { messagesBody, responsesBody } from '../../../bench/lib/agent-bodies.mjs';
import { mutatedBody } from '../../../test/helpers/fuzz-bodies.js';
import { messagesOk } from './anthropic-messages/known-messages.js';
import { messagesRequestCheckedSchema, messagesRequestSchema } from './anthropic-messages/schema.js';
import { inputItemsOk } from './openai-responses/known-items.js';
import { responsesRequestCheckedItemsSchema, responsesRequestSchema } from './openai-responses/schema.js';
import { validateBody } from './validate-body.js';

const CLIENTS = join(import.meta.dirname, '../../../test/fixtures/clients');

function recorded(prefix: string): unknown[] {
  return readdirSync(CLIENTS)
    .filter((f) => f.startsWith(prefix) && f.includes('post-v1'))
    .map((f) => {
      const body = (JSON.parse(readFileSync(join(CLIENTS, f), 'utf8')) as { request: { body: unknown } }).request.body;
      return typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
    });
}

const cases = {
  responses: { ok: (b: unknown) => inputItemsOk((b as { input?: unknown } | null)?.input), full: responsesRequestSchema, checked: responsesRequestCheckedItemsSchema },
  messages: { ok: (b: unknown) => messagesOk((b as { messages?: unknown } | null)?.messages), full: messagesRequestSchema, checked: messagesRequestCheckedSchema },
};

/** What the client gets from a schema: the value, or the error message validateBody makes of the first issue. */
function outcome(schema: z.ZodType, body: unknown): unknown {
  try {
    return { value: validateBody(schema, body) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Yes from the fast check means the checked schema gives the client what zod's full parse does. */
function agrees(api: keyof typeof cases, body: unknown): boolean {
  const c = cases[api];
  if (!c.ok(body)) return false;
  assert.deepStrictEqual(outcome(c.checked, body), outcome(c.full, body), JSON.stringify(body).slice(0, 300));
  return true;
}

test('real client requests and agent-sized bodies pass the fast check, with the same value as zod', () => {
  const responses = [...recorded('codex'), JSON.parse(responsesBody('m', 200 * 1024)) as unknown];
  const messages = [...recorded('claude'), JSON.parse(messagesBody('m', 200 * 1024)) as unknown];
  assert.ok(responses.length >= 3 && messages.length >= 3);
  for (const b of responses) {
    assert.ok(agrees('responses', b), 'a real Codex body takes the fast path');
    assert.ok(responsesRequestSchema.safeParse(b).success);
  }
  for (const b of messages) {
    assert.ok(agrees('messages', b), 'a real Claude Code body takes the fast path');
    assert.ok(messagesRequestSchema.safeParse(b).success);
  }
});

test('malformed bodies: whenever the fast check says yes, zod agrees', () => {
  for (const api of ['responses', 'messages'] as const) {
    let yes = 0;
    let no = 0;
    fc.assert(
      fc.property(mutatedBody(api, 'p/m'), (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return;
        }
        if (agrees(api, body)) yes++;
        else no++;
      }),
      { numRuns: 3000, seed: 19 },
    );
    assert.ok(yes > 100 && no > 100, `both answers are exercised (${api}: ${yes} yes, ${no} no)`);
  }
});

test('the shapes the schema refuses are refused by the fast check too, so zod names the error', () => {
  const items: unknown[] = [
    { role: 'robot', content: 'x' },
    { type: 'message', role: 'user', content: 5 },
    { type: 'message', role: 'user', content: [{ text: 'no type' }] },
    { type: 'function_call', call_id: '', name: 'f', arguments: '{}' },
    { type: 'function_call', call_id: 'c', name: 'f', arguments: {} },
    { type: 'function_call_output', call_id: 'c', output: null },
    { type: 'custom_tool_call', call_id: 'c', name: 'f', input: 1 },
    { type: 7 },
    null,
  ];
  for (const item of items) {
    assert.equal(inputItemsOk([item]), false, JSON.stringify(item));
    assert.equal(responsesRequestSchema.safeParse({ model: 'm', input: [item] }).success, false, JSON.stringify(item));
  }
  assert.equal(inputItemsOk([{ type: 'reasoning', summary: [] }, { role: 'user', content: 'hi' }]), true, 'unknown item types are taken');
  const blocks: unknown[] = [
    { type: 'text', text: 5 },
    { type: 'image', source: 'x' },
    { type: 'tool_use', id: '', name: 'f', input: {} },
    { type: 'tool_use', id: 't', name: 'f' },
    { type: 'tool_result', tool_use_id: 't', content: null },
    { type: 'tool_result', tool_use_id: 't', is_error: 'yes' },
    { type: 'thinking' },
    { type: 'redacted_thinking', data: 1 },
    { kind: 'text' },
  ];
  for (const block of blocks) {
    const messages = [{ role: 'user', content: [block] }];
    assert.equal(messagesOk(messages), false, JSON.stringify(block));
    assert.equal(messagesRequestSchema.safeParse({ model: 'm', max_tokens: 1, messages }).success, false, JSON.stringify(block));
  }
  assert.equal(messagesOk([{ role: 'user', content: [{ type: 'document', source: {} }] }]), true, 'unknown block types are taken');
  assert.equal(messagesOk([{ role: 'tool', content: 'x' }]), false);
});
