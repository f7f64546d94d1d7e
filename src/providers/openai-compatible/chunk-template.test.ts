import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SseParser } from '../../core/index.js';
import { openAiChatStream } from './chat-stream.js';
import { ChunkTemplate } from './chunk-template.js';

const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":';
const tail = ',"logprobs":null,"finish_reason":null}],"usage":null}';
const text = (t: string) => `${head}{"content":${JSON.stringify(t)}}${tail}`;

/** A template that has learned from `first`. */
function learned(first: string): ChunkTemplate {
  const t = new ChunkTemplate();
  t.learn(first, JSON.parse(first));
  return t;
}

test('chunk template: a text chunk after the first is built without a parse, equal to JSON.parse, key order included', () => {
  const t = learned(text('Hello'));
  for (const s of ['', ' world', 'é€😀', 'a/b', '{"content":"x"}', 'line\nbreak', 'tab\there', 'quote " and \\ backslash', '\u2028']) {
    const data = text(s);
    const got = t.match(data);
    assert.ok(got, `matched ${JSON.stringify(s)}`);
    assert.deepEqual(got, JSON.parse(data));
    assert.equal(JSON.stringify(got), data, 'same keys in the same order');
  }
});

test('chunk template: what is not the template is left to the full parse', () => {
  const t = learned(text('Hello'));
  const misses = [
    `${head}{}${tail.replace('"finish_reason":null', '"finish_reason":"stop"')}`, // finish
    `${head}{"content":"a","role":"assistant"}${tail}`, // another key in delta
    `${head}{"content":"a"}${tail.replace('"usage":null', '"usage":{"total_tokens":1}')}`,
    text('x').replace('"created":1', '"created":2'),
    `${head}{"content":"a" }${tail}`,
    `${head}{"content":"a","x":"b"}${tail}`, // an unescaped quote inside: not one string
    `${head}{"content":"bad \\q escape"}${tail}`,
    `${head}{"content":"raw\u0001control"}${tail}`,
    `${head}{"content":"a\\"}${tail}`, // the escape eats the closing quote
  ];
  for (const data of misses) assert.equal(t.match(data), undefined, data);
});

test('chunk template: learns only from a text-only delta whose text it can find', () => {
  const cases: [string, boolean][] = [
    [text('Hi'), true],
    [`${head}{"role":"assistant","content":""}${tail}`, false], // two keys
    [`${head}{"content":null}${tail}`, false],
    [text('Hi').replace('"usage":null', '"usage":{"total_tokens":1}'), false], // a nested object would be shared
    [text('é').replace('"é"', '"\\u00e9"'), false], // escaped differently from JSON.stringify
    [text('Hi').replace('"content":"Hi"', '"content": "Hi"'), false], // spaced
  ];
  for (const [data, learns] of cases) {
    const t = learned(data);
    assert.equal(t.match(text('probe!')) !== undefined, learns, data);
  }
});

test('chunk template: the text string cannot be confused with the same text elsewhere in the chunk', () => {
  // The content value also appears inside another field, as escaped text.
  const data = `{"id":"x","note":"\\"content\\":\\"Hi\\"","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}`;
  const t = learned(data);
  const next = data.replace('"delta":{"content":"Hi"}', '"delta":{"content":"Yo"}');
  assert.deepEqual(t.match(next), JSON.parse(next));
});

test('chunk template: a field named content with the same text before the delta is not taken for it', () => {
  const data = `{"content":"Hi","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}`;
  const t = learned(data);
  const other = data.replace('{"content":"Hi",', '{"content":"Yo",');
  const got = t.match(other) ?? JSON.parse(other);
  assert.deepEqual(got, JSON.parse(other));
});

test('chunk template: stops trying after two chunks it could not learn from', () => {
  const t = new ChunkTemplate();
  const spaced = (s: string) => text(s).replace('"content":', '"content": ');
  t.learn(spaced('a'), JSON.parse(spaced('a')));
  t.learn(spaced('b'), JSON.parse(spaced('b')));
  t.learn(text('c'), JSON.parse(text('c')));
  assert.equal(t.match(text('d')), undefined);
});

test('chunk template: a built chunk shares nothing with the next one', () => {
  const t = learned(text('a'));
  const one = t.match(text('b'))!;
  one.choices[0]!.delta.content = 'changed';
  (one as Record<string, unknown>).id = 'changed';
  assert.deepEqual(t.match(text('c')), JSON.parse(text('c')));
});

test('the stream translator gives the same chunks with the template as JSON.parse does, for the recorded streams', () => {
  for (const name of ['openai-text', 'openai-tools']) {
    const raw = readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8');
    const events = new SseParser().push(raw + '\n\n');
    const s = openAiChatStream();
    const got = events.flatMap((e) => s.push(e));
    const want = events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data));
    assert.deepEqual(got, want, name);
  }
});

test('the stream translator over a long random stream: every chunk equals JSON.parse of its data', () => {
  const pieces = ['Hel', 'lo', ' ', 'é', '"', '\\', '\n', '😀', '</script>', '\u0000', 'x'.repeat(50)];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const s = openAiChatStream();
  for (let i = 0; i < 2000; i++) {
    const piece = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    const data = next() < 0.1 ? `${head}{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}${tail}` : text(piece);
    assert.deepEqual(s.push({ event: undefined, data }), [JSON.parse(data)], data);
  }
});
