import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import fc from 'fast-check';
// @ts-expect-error -- plain JavaScript module of the benchmark, no declarations
import { messagesBody, responsesBody } from '../../../bench/lib/agent-bodies.mjs';
import { adapterFor } from '../../providers/index.js';
import { exactParsed, liftedParsed, parseRequest } from '../request-body.js';
import { newContext, type RequestContext } from '../request-context.js';
import { wireForPath } from './index.js';
import { bodyOffset, liftLongStrings, spliceLiterals } from './lift-strings.js';

const NASTY = 'quote " backslash \\ "\\" tab\t nl\n ctrl \u0001 é 🦊 中文 \u2028 end\\';

test('lifting then splicing the skeleton back gives the same bytes, whatever the strings hold', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ minLength: 40, maxLength: 120 }), (value, long) => {
      const body = Buffer.from(JSON.stringify({ a: value, big: `${long}${NASTY}${long}`, list: [long + long, { k: long }] }));
      const lifted = liftLongStrings(body, 40);
      if (!lifted) return body.includes('\\u0000');
      // The skeleton parses, and written back as it is, it splices to the original.
      JSON.parse(lifted.skeleton);
      const back = spliceLiterals(lifted.skeleton, lifted);
      assert.ok(back);
      assert.equal(back.toString('utf8'), body.toString('utf8'));
      return true;
    }),
    { numRuns: 300 },
  );
});

test('keys stay in the skeleton however long; a short string holding \\u0000 stops the lifting, a long one is lifted', () => {
  const key = 'k'.repeat(300);
  const lifted = liftLongStrings(Buffer.from(JSON.stringify({ [key]: 'v'.repeat(300) })), 256);
  assert.ok(lifted);
  assert.deepEqual(Object.keys(JSON.parse(lifted.skeleton) as object), [key]);
  assert.equal(lifted.literals.length, 1);
  // A short string of the client's that holds the escape could pass for a placeholder: not lifted.
  assert.equal(liftLongStrings(Buffer.from(JSON.stringify({ a: '\u0000', b: 'x'.repeat(300) })), 256), null);
  assert.equal(liftLongStrings(Buffer.from(JSON.stringify({ a: '\u00000\u0000', b: 'x'.repeat(300) })), 256), null);
  // A long one goes back as bytes and is never searched: lifted, and spliced back exactly.
  const nul = Buffer.from(JSON.stringify({ a: `\u0000${'x'.repeat(300)}\u00000\u0000`, b: 'y' }));
  const withNul = liftLongStrings(nul, 256);
  assert.ok(withNul);
  assert.deepEqual(spliceLiterals(withNul.skeleton, withNul), nul);
  assert.equal(liftLongStrings(Buffer.from(JSON.stringify({ a: 'short' })), 256), null, 'nothing to lift');
  const sealed = liftLongStrings(Buffer.from(JSON.stringify({ seal: `sy1.${'s'.repeat(300)}`, text: 't'.repeat(300) })), 256, 'sy1.');
  assert.ok(sealed);
  assert.equal((JSON.parse(sealed.skeleton) as { seal: string }).seal, `sy1.${'s'.repeat(300)}`, 'a literal with the kept prefix stays');
  assert.equal(sealed.literals.length, 1);
});

test('bodyOffset maps a skeleton offset back to the body, past any placeholders before it', () => {
  const body = Buffer.from(JSON.stringify({ system: 'é'.repeat(200), messages: [{ content: 'z'.repeat(400) }], model: 'p/m', tail: 'w'.repeat(300) }));
  const lifted = liftLongStrings(body, 256);
  assert.ok(lifted);
  assert.equal(lifted.literals.length, 3);
  for (const needle of ['"model"', '"messages"', '"tail"', '"p/m"']) {
    const at = lifted.skeleton.indexOf(needle);
    assert.equal(bodyOffset(lifted, at), body.indexOf(needle), needle);
  }
});

test('placeholders joined into one string, repeated or dropped all splice; a changed one refuses', () => {
  const a = 'A'.repeat(300);
  const b = `B${NASTY}`.repeat(20);
  const lifted = liftLongStrings(Buffer.from(JSON.stringify({ parts: [a, b] })), 256);
  assert.ok(lifted);
  const [pa, pb] = (JSON.parse(lifted.skeleton) as { parts: string[] }).parts as [string, string];
  const joined = spliceLiterals(JSON.stringify({ text: `${pa}\n${pb}`, again: pa }), lifted);
  assert.ok(joined);
  assert.deepEqual(JSON.parse(joined.toString('utf8')), { text: `${a}\n${b}`, again: a });
  assert.equal(spliceLiterals(JSON.stringify({ text: pa.slice(1) }), lifted), null, 'a cut placeholder');
  assert.equal(spliceLiterals(JSON.stringify({ text: pa.replace(/\d+/, '99') }), lifted), null, 'an unknown literal');
  assert.equal(spliceLiterals(JSON.stringify({ text: `${pa} 🦊` }), lifted), null, 'real text past U+00FF');
});

function contextFor(body: Buffer, path: string): RequestContext {
  const wire = wireForPath(path);
  assert.ok(wire);
  const ctx = newContext('req-1', {} as IncomingMessage, {} as ServerResponse, wire);
  ctx.bodyBytes = body;
  ctx.parsed = parseRequest(ctx, wire);
  return ctx;
}

// The point of it all: the chat upstream gets byte for byte what the whole-body translation sends.
for (const [path, build] of [
  ['/v1/responses', responsesBody],
  ['/v1/messages', messagesBody],
] as const) {
  test(`${path} → chat upstream: the lifted translation of an agent's 300 KB body is the exact one, byte for byte`, () => {
    const adapter = adapterFor('openai-compatible');
    assert.ok(adapter?.opaqueStrings);
    const conn = { baseUrl: 'http://127.0.0.1:1/v1', credential: 'k' };
    for (const stream of [false, true]) {
      const raw = (build as (model: string, size: number, o: { stream: boolean }) => unknown)('mock/m', 300 * 1024, { stream });
      const body = Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw));
      const ctx = contextFor(body, path);
      const lifted = liftedParsed(ctx);
      assert.ok(lifted, 'an agent body has long strings to lift');
      assert.ok(lifted.body.skeleton.length < body.length / 4, `the skeleton is small: ${lifted.body.skeleton.length} of ${body.length}`);
      const fast = spliceLiterals(adapter.chatRequest(conn, lifted.parsed.chat).body, lifted.body);
      assert.ok(fast);
      assert.equal(fast.toString('utf8'), adapter.chatRequest(conn, exactParsed(ctx).chat).body);
    }
  });
}

test('a big body is routed from its skeleton; broken structure is still INVALID_JSON, and the exact parse has the real strings', () => {
  const long = `tool output ${NASTY} `.repeat(4000);
  const body = Buffer.from(JSON.stringify({ model: 'mock/m', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: long }] }] }));
  const ctx = contextFor(body, '/v1/responses');
  assert.ok(ctx.lifted, 'lifted at parse');
  assert.equal(ctx.parsed?.model, 'mock/m');
  assert.equal(ctx.bodyJson, undefined, 'the whole body was not parsed');
  const exact = exactParsed(ctx).chat.messages[0]?.content;
  assert.equal(exact, long);
  const cut = body.subarray(0, body.length - 3);
  assert.throws(() => contextFor(cut, '/v1/responses'), /not valid JSON/);
  const wrongType = Buffer.from(JSON.stringify({ model: 'mock/m', input: [{ type: 'message', role: 'user', content: 5 }], pad: long }));
  assert.throws(() => contextFor(wrongType, '/v1/responses'), (e: Error) => !/\\u0000/.test(e.message), 'a refusal is made from the whole body');
});
