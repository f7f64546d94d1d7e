import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectStream, runAdapterConformance } from '../conformance.case.js';
import { geminiAdapter as a } from './adapter.js';

const fx = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

runAdapterConformance('gemini', {
  adapter: a,
  textJson: JSON.parse(fx('gemini-text.json')),
  toolJson: JSON.parse(fx('gemini-tools.json')),
  textStream: fx('gemini-text.chunks.txt'),
  toolStream: fx('gemini-tools.chunks.txt'),
  errorStream: fx('gemini-error.chunks.txt'),
  errorStatus: 400,
  errorBody: fx('gemini-error-400.json'),
  errorMessage: 'contents is not specified',
  toolCallId: undefined,
});

test('synthesized tool-call ids are the same for the same answer, JSON or stream', () => {
  const json = a.parseChatResponse(JSON.parse(fx('gemini-tools.json')), 'm').choices[0]?.message.tool_calls?.[0]?.id;
  const streamed = collectStream(a.chatStream('m'), fx('gemini-tools.chunks.txt')).calls[0]?.id;
  assert.equal(json, 'call_Hx8kaZ3nL8OhnsEP0aXy-Ak_0');
  assert.equal(streamed, json);
});

test('thought tokens count as completion and reasoning tokens', () => {
  const r = a.parseChatResponse(JSON.parse(fx('gemini-tools.json')), 'm');
  assert.deepEqual(r.usage?.completion_tokens_details, { reasoning_tokens: 12 });
  assert.equal(r.usage?.completion_tokens, 30);
});

test('the request is a Gemini generateContent body: roles, function calls and responses by name', () => {
  const conn = { baseUrl: 'https://generativelanguage.googleapis.com/v1beta', credential: 'AIza-k' };
  const r = a.chatRequest(conn, {
    model: 'gemini-2.5-flash',
    stream: true,
    max_tokens: 64,
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_x', content: 'sunny' },
    ],
    tools: [{
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: { $schema: 'x', type: 'object', additionalProperties: false, properties: { city: { type: ['string', 'null'] } } },
      },
    }, { type: 'function', function: { name: 'noargs', parameters: { type: 'object', properties: {} } } }],
  });
  assert.equal(r.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  assert.equal(r.headers['x-goog-api-key'], 'AIza-k');
  const body = JSON.parse(r.body);
  assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
  assert.deepEqual(body.contents.map((c: { role: string }) => c.role), ['user', 'model', 'user']);
  assert.deepEqual(body.contents[0].parts[1], { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } });
  assert.deepEqual(body.contents[1].parts[0].functionCall, { name: 'get_weather', args: { city: 'Paris' } });
  assert.deepEqual(body.contents[2].parts[0], { functionResponse: { name: 'get_weather', response: { result: 'sunny' } } });
  assert.deepEqual(body.tools[0].functionDeclarations, [
    { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string', nullable: true } } } },
    { name: 'noargs' },
  ]);
  assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  assert.deepEqual(body.generationConfig, { maxOutputTokens: 64 });
  assert.equal(a.chatRequest({ baseUrl: 'http://127.0.0.1:5/', credential: null }, { model: 'models/g', messages: [] }).path, '/v1beta/models/g:generateContent');
});

test('a blocked prompt is a content_filter finish, not a crash', () => {
  const r = a.parseChatResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5 } }, 'm');
  assert.equal(r.choices[0]?.finish_reason, 'content_filter');
  assert.equal(a.parseError(429, '[{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}]').message, 'Resource exhausted');
});

test('structured output asks Gemini for JSON with the schema', () => {
  const r = a.chatRequest({ baseUrl: 'http://127.0.0.1:5', credential: null }, {
    model: 'g',
    messages: [{ role: 'user', content: 'title?' }],
    response_format: { type: 'json_schema', json_schema: { name: 't', schema: { type: 'object', properties: { title: { type: 'string' } } } } },
  });
  assert.deepEqual(JSON.parse(r.body).generationConfig, {
    responseMimeType: 'application/json',
    responseJsonSchema: { type: 'object', properties: { title: { type: 'string' } } },
  });
});
