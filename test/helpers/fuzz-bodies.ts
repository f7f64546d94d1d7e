// Generators of malformed /v1 bodies for the fuzz test (fast-check): a valid
// request of each API with one to three of its fields replaced by a value of
// the wrong type, deleted or wrapped; whole bodies that are not objects; text
// that is not JSON; valid JSON cut short.
import fc from 'fast-check';

export type Api = 'chat' | 'responses' | 'messages' | 'count';
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TOOL_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** Rich valid requests: every field a translator reads is there to be spoiled. */
const SEEDS: Record<Api, (model: string, stream: boolean) => object> = {
  chat: (model, stream) => ({
    model,
    stream,
    max_tokens: 5,
    temperature: 0.5,
    stop: ['\n'],
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'weather?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'user', content: 'thanks' },
    ],
    tools: [{ type: 'function', function: { name: 'weather', description: 'w', parameters: TOOL_SCHEMA } }],
    tool_choice: 'auto',
  }),
  responses: (model, stream) => ({
    model,
    stream,
    instructions: 'be brief',
    max_output_tokens: 16,
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'weather?' }] },
      { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
      { role: 'user', content: 'thanks' },
    ],
    tools: [{ type: 'function', name: 'weather', parameters: TOOL_SCHEMA }],
    tool_choice: 'auto',
    reasoning: { effort: 'low' },
  }),
  messages: (model, stream) => ({
    model,
    stream,
    max_tokens: 16,
    system: [{ type: 'text', text: 'be brief' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'sunny' }] },
    ],
    tools: [{ name: 'weather', description: 'w', input_schema: TOOL_SCHEMA }],
    tool_choice: { type: 'auto' },
    stop_sequences: ['\n'],
  }),
  count: (model) => ({
    model,
    system: 'be brief',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }],
    tools: [{ name: 'weather', input_schema: TOOL_SCHEMA }],
  }),
};

/** A valid body (JSON text), for the "still serves" check. */
export const VALID_BODY: Record<Api, (model: string, stream: boolean) => string> = {
  chat: (m, s) => JSON.stringify({ model: m, stream: s, messages: [{ role: 'user', content: 'hi' }] }),
  responses: (m, s) => JSON.stringify({ model: m, stream: s, input: 'hi' }),
  messages: (m, s) => JSON.stringify({ model: m, stream: s, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  count: (m) => JSON.stringify({ model: m, messages: [{ role: 'user', content: 'hi' }] }),
};

/** Every path into a JSON value, as key lists (the root excluded). */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
}

const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, '', 'x', [], {}, [null], [[]], [{}], { type: null }, { type: 'text' }, { role: 'user' }),
  fc.integer().map((n): Json => n),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n): Json => n),
  fc.string({ maxLength: 20 }).map((s): Json => s),
  fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json),
);

type Op = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'wrap' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: wrongValue.map((value): Op => ({ kind: 'replace', value })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'delete' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'wrap' }) },
);

function apply(root: { [k: string]: Json }, path: (string | number)[], o: Op): void {
  let parent: Json = root;
  for (const k of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return; // an earlier mutation replaced this branch
    parent = (parent as Record<string | number, Json>)[k] as Json;
  }
  if (parent === null || typeof parent !== 'object') return;
  const last = path[path.length - 1] as string | number;
  const obj = parent as Record<string | number, Json>;
  if (!(last in obj)) return;
  if (o.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete obj[last];
  } else obj[last] = o.kind === 'wrap' ? [obj[last] as Json] : o.value;
}

/** Malformed request bodies (JSON text, or not) for `api`, aimed at `model`, stream on and off. */
export function mutatedBody(api: Api, model: string): fc.Arbitrary<string> {
  const mutated = fc.boolean().chain((stream) => {
    const seed = SEEDS[api](model, stream) as { [k: string]: Json };
    const all = paths(seed);
    return fc
      .array(fc.tuple(fc.constantFrom(...all), op), { minLength: 1, maxLength: 3 })
      .map((ops) => {
        const body = structuredClone(seed);
        for (const [p, o] of ops) apply(body, p, o);
        return JSON.stringify(body);
      });
  });
  const notAnObject = wrongValue.map((v) => JSON.stringify(v));
  const notJson = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{', '{"model":', '[1,', 'null null', '\u0000', '{"model":"x"}}'));
  const cutShort = fc.tuple(fc.boolean(), fc.nat()).map(([stream, n]) => {
    const text = JSON.stringify(SEEDS[api](model, stream));
    return text.slice(0, n % text.length);
  });
  return fc.oneof({ weight: 8, arbitrary: mutated }, { weight: 1, arbitrary: notAnObject }, { weight: 1, arbitrary: notJson }, { weight: 1, arbitrary: cutShort });
}
