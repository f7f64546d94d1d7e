import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandInput, inputItems, parseStoredBody, plausibleResponseId, storedBodyJson } from './expand.js';

const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'sy1.sealed' };
const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' };

test('a string input is one user message; an item list is kept as it is; anything else is no items', () => {
  assert.deepEqual(inputItems('hi'), [{ type: 'message', role: 'user', content: 'hi' }]);
  const items = [{ role: 'user', content: [{ type: 'input_text', text: 'x' }] }];
  assert.equal(inputItems(items), items);
  assert.deepEqual(inputItems(undefined), []);
});

test('expansion: the stored input, then the stored output (reasoning seals kept), then the new input', () => {
  const prev = { input: [{ type: 'message', role: 'user', content: 'first' }], response: { id: 'resp_1', output: [reasoning, call] } };
  const next = [{ type: 'function_call_output', call_id: 'call_1', output: 'ok' }];
  assert.deepEqual(expandInput(prev, next), [prev.input[0], reasoning, call, next[0]]);
  assert.deepEqual(expandInput(prev, 'again'), [prev.input[0], reasoning, call, { type: 'message', role: 'user', content: 'again' }]);
  assert.deepEqual(expandInput({ input: [], response: { output: 'not a list' } }, 'x'), [{ type: 'message', role: 'user', content: 'x' }]);
});

test('the stored body marks the response stored and names what it continued; a failed or id-less answer is not kept', () => {
  const answer = JSON.stringify({ id: 'resp_2', object: 'response', status: 'completed', store: false, previous_response_id: null, output: [call] });
  const body = storedBodyJson([{ role: 'user', content: 'q' }], answer, 'resp_1');
  assert.equal(body?.id, 'resp_2');
  const back = parseStoredBody(body?.json ?? '');
  assert.deepEqual(back?.input, [{ role: 'user', content: 'q' }]);
  assert.equal(back?.response.store, true);
  assert.equal(back?.response.previous_response_id, 'resp_1');
  assert.deepEqual(back?.response.output, [call]);
  assert.equal(storedBodyJson([], JSON.stringify({ id: 'resp_3', status: 'failed', output: [] }), null), null);
  assert.equal(storedBodyJson([], JSON.stringify({ status: 'completed', output: [] }), null), null);
  assert.equal(storedBodyJson([], JSON.stringify({ id: '../x', status: 'completed' }), null), null);
  assert.equal(storedBodyJson([], 'not json', null), null);
  assert.equal(storedBodyJson([], '[1]', null), null);
});

test('a damaged row body reads as nothing, never a throw', () => {
  assert.equal(parseStoredBody('{'), null);
  assert.equal(parseStoredBody('{"input":{},"response":{}}'), null);
  assert.equal(parseStoredBody('{"input":[],"response":null}'), null);
});

test('id shape: ours and a native upstream’s pass; paths, spaces, empty and very long ids do not', () => {
  assert.ok(plausibleResponseId('resp_0190abcdef12345678'));
  assert.ok(plausibleResponseId('resp_mock_1'));
  for (const bad of ['', '../etc', 'resp 1', 'resp/1', 'résp', 'r'.repeat(129)]) assert.equal(plausibleResponseId(bad), false, bad);
});
