import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { rewriteChatBody } from './attempt/rewrite-chat-body.js';
import { byteSpaceBytes, byteSpaceParsed, exactJson, exactParsed, parseBody, parseRequest } from './request-body.js';
import { newContext, type RequestContext } from './request-context.js';
import { openAiChatWire } from './wire/openai-chat/index.js';
import { wireForPath } from './wire/index.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRequest } from '../core/index.js';

function contextFor(bytes: Buffer, path = '/v1/chat/completions'): RequestContext {
  const wire = wireForPath(path) ?? openAiChatWire;
  const ctx = newContext('req-1', {} as IncomingMessage, {} as ServerResponse, wire);
  ctx.bodyBytes = bytes;
  ctx.parsed = parseRequest(ctx, wire);
  return ctx;
}

const parses = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

test('the latin1 reading is valid JSON exactly when the UTF-8 one is (generated bodies, mutated bytes included)', () => {
  const body = fc.jsonValue().map((v) => Buffer.from(JSON.stringify({ model: 'm', v, s: 'ünï 🦊 中文' })));
  // One byte replaced: structure broken, a multi-byte sequence cut, a raw control byte in a string…
  const mutated = fc.tuple(body, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, at, byte]) => {
    const copy = Buffer.from(b);
    copy[at % copy.length] = byte;
    return copy;
  });
  fc.assert(
    fc.property(fc.oneof(body, mutated), (bytes) => {
      assert.equal(parses(bytes.toString('latin1')), parses(bytes.toString('utf8')));
    }),
    { numRuns: 2000 },
  );
});

test('an all-ASCII Responses body is parsed once and is exact', () => {
  const ctx = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', input: 'hi' })), '/v1/responses');
  assert.equal(ctx.bodyAscii, true);
  assert.equal(ctx.parsedExact, true);
  assert.equal(exactJson(ctx), ctx.bodyJson, 'no second parse');
});

test('a non-ASCII Responses body: the cheap parse routes it, the exact one gives the client\'s strings', () => {
  const content = 'héllo → 🦊 ünïcode 中文';
  const ctx = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', stream: true, instructions: content, input: content })), '/v1/responses');
  assert.equal(ctx.bodyAscii, false);
  assert.equal(ctx.parsedExact, false);
  assert.deepEqual([ctx.parsed?.model, ctx.parsed?.stream], ['mock/m', true]);
  assert.notEqual(ctx.parsed?.chat.messages[0]?.content, content, 'the cheap parse holds latin1-read text');
  assert.equal(exactParsed(ctx).chat.messages[0]?.content, content);
  assert.equal(ctx.parsedExact, true);
  assert.equal(exactParsed(ctx), ctx.parsed, 'decoded once');
});

test('a chat body is scanned, not parsed: model, stream and stream_options only, the pair located for the splice', () => {
  const content = 'ça va ✓';
  const bytes = Buffer.from(JSON.stringify({ messages: [{ role: 'user', content }], model: 'mock/m', stream: true, stream_options: { include_usage: true } }));
  const ctx = contextFor(bytes);
  assert.equal(ctx.parsedExact, false);
  assert.equal(ctx.bodyJson, undefined, 'no parse of the whole body');
  assert.deepEqual(ctx.parsed?.chat, { model: 'mock/m', stream: true, stream_options: { include_usage: true }, messages: [] });
  assert.equal(bytes.toString('utf8', ctx.modelMember?.keyStart, ctx.modelMember?.end), '"model":"mock/m"');
  assert.equal(exactParsed(ctx).chat.messages[0]?.content, content);
});

test('a scanned chat body refuses what parseChatBody refuses, with the same message', () => {
  const refusal = (body: string) => {
    try {
      contextFor(Buffer.from(body));
      return 'accepted';
    } catch (err) {
      return (err as Error).message;
    }
  };
  for (const body of ['{"model":"m","messages":[]}', '{"model":"m","messages":{}}', '{"model":"m"}', '{"model":"m","messages":[1],"stream":"yes"}', '{"model":"m","messages":[1],"stream_options":[]}', '{"model":"","messages":[1]}']) {
    const full = (() => {
      try {
        openAiChatWire.parse(JSON.parse(body));
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    assert.notEqual(full, 'accepted');
    assert.equal(refusal(body), full, body);
  }
  assert.throws(() => contextFor(Buffer.from('{"model":"m","messages":[1],')), { code: 'INVALID_JSON' });
});

test('a non-ASCII model name is parsed exactly at once', () => {
  const ctx = contextFor(Buffer.from(JSON.stringify({ model: 'combo-ü', messages: [{ role: 'user', content: 'ça' }] })));
  assert.equal(ctx.parsedExact, true);
  assert.equal(ctx.parsed?.model, 'combo-ü');
});

test('a chat body broken deep inside passes the scan (the upstream judges it); reading it for translation is INVALID_JSON', () => {
  const ctx = contextFor(Buffer.from('{"model":"mock/m","messages":[{"role":"user","content":"x",,}]}'));
  assert.equal(ctx.parsed?.model, 'mock/m');
  assert.throws(() => exactParsed(ctx), { code: 'INVALID_JSON' });
});

test('a refusal of a non-ASCII body is made from the exact parse, so a quoted value is the client\'s text', () => {
  const ctx = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', messages: [{ role: 'user', content: 'x' }] })));
  ctx.bodyBytes = Buffer.from(JSON.stringify({ role: 'rôle' }));
  ctx.bodyText = ctx.bodyBytes.toString('latin1');
  ctx.bodyJson = JSON.parse(ctx.bodyText);
  ctx.bodyAscii = false;
  ctx.exactBodyJson = undefined;
  const refuse = (json: unknown) => {
    throw new Error(`unknown role '${(json as { role: string }).role}'`);
  };
  assert.throws(() => parseBody(ctx, refuse), { message: "unknown role 'rôle'" });
});

test('pass-through splices the bytes of a non-ASCII body; a re-encode uses the exact strings', () => {
  const content = 'ça va ✓ 🦊';
  const spliced = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', messages: [{ role: 'user', content }] })));
  const out = rewriteChatBody(spliced.bodyBytes, spliced.bodyText, spliced.parsed?.chat as ChatRequest, 'm', false, () => exactParsed(spliced).chat, spliced.modelMember);
  assert.ok(Buffer.isBuffer(out));
  assert.equal((JSON.parse(out.toString('utf8')) as ChatRequest).messages[0]?.content, content);
  assert.equal(spliced.parsedExact, false, 'no decode on the splice path');
  // A stream with stream_options but no include_usage cannot be spliced: re-encoded from the exact parse.
  const reencoded = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', stream: true, stream_options: { x: 1 }, messages: [{ role: 'user', content }] })));
  const out2 = rewriteChatBody(reencoded.bodyBytes, reencoded.bodyText, reencoded.parsed?.chat as ChatRequest, 'm', true, () => exactParsed(reencoded).chat, reencoded.modelMember);
  assert.equal(typeof out2, 'string');
  assert.equal((JSON.parse(out2 as string) as ChatRequest).messages[0]?.content, content);
});

test('byte space: a translation of the latin1 reading, written as latin1, is the exact translation\'s UTF-8', () => {
  const text = 'héllo → 🦊 ünïcode 中文 — ½ ÿ';
  const body = Buffer.from(JSON.stringify({ model: 'mock/m', instructions: `sys ${text}`, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }] }));
  const ctx = contextFor(body, '/v1/responses');
  const inBytes = byteSpaceParsed(ctx);
  assert.ok(inBytes);
  const out = byteSpaceBytes(JSON.stringify(inBytes.chat));
  assert.ok(out);
  assert.equal(out.toString('utf8'), JSON.stringify(exactParsed(ctx).chat));
  assert.equal(byteSpaceBytes(`{"x":"${text}"}`), null, 'real text past U+00FF is refused');
  const ascii = contextFor(Buffer.from(JSON.stringify({ model: 'mock/m', input: 'hi' })), '/v1/responses');
  assert.equal(byteSpaceParsed(ascii), exactParsed(ascii), 'ASCII: the exact parse itself');
});

test('byte space holds for every provider adapter: tools, tool calls, images and system text with non-ASCII in them', async () => {
  const { adapterFor } = await import('../providers/index.js');
  const text = 'ça va ✓ 🦊 中文 ½';
  const chat = {
    model: 'mock/m',
    messages: [
      { role: 'system', content: `sys ${text}` },
      { role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      { role: 'assistant', content: text, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'run', arguments: JSON.stringify({ cmd: `echo ${text}` }) } }] },
      { role: 'tool', tool_call_id: 'call_1', content: `out ${text}` },
    ],
    tools: [{ type: 'function', function: { name: 'run', description: `runs ${text}`, parameters: { type: 'object', properties: { cmd: { type: 'string', description: text } } } } }],
  };
  const ctx = contextFor(Buffer.from(JSON.stringify(chat)));
  const inBytes = byteSpaceParsed(ctx);
  assert.ok(inBytes);
  for (const type of ['openai-compatible', 'anthropic', 'gemini'] as const) {
    const adapter = adapterFor(type);
    assert.ok(adapter, type);
    const conn = { baseUrl: 'http://127.0.0.1:1/v1', credential: 'k' };
    const fast = byteSpaceBytes(adapter.chatRequest(conn, inBytes.chat).body);
    assert.ok(fast, type);
    assert.equal(fast.toString('utf8'), adapter.chatRequest(conn, exactParsed(ctx).chat).body, type);
  }
});
