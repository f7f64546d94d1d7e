// A local Gemini API for tests: POST /v1beta/models/{model}:generateContent and
// :streamGenerateContent?alt=sse, GET /v1beta/models, key in x-goog-api-key (or
// ?key=). Function calls carry no id, as in v1beta; a functionResponse must name
// a function the model called earlier, or the request is refused like the real API.
// A model named gemini-3… signs its function calls and checks the signatures
// come back (gemini-thinking.ts); with includeThoughts it shows its thoughts.
import { checkSignatures, includeThoughts, isThinkingGemini, signCall, signText } from './gemini-thinking.js';
import { pieces, startMockUpstream, type MockOptions, type MockProtocol, type MockReply, type MockUpstream } from './mock-upstream-base.js';

export type { MockReply, MockUpstream } from './mock-upstream-base.js';

const USAGE = { promptTokenCount: 21, candidatesTokenCount: 4, totalTokenCount: 25, cachedContentTokenCount: 8 };

function part(reply: MockReply, model: string): Record<string, unknown> {
  if ('toolCall' in reply) {
    const args = JSON.parse(reply.toolCall.arguments) as unknown;
    const thoughtSignature = isThinkingGemini(model) ? signCall(reply.toolCall.name, args) : 'c2lnbmF0dXJl';
    return { functionCall: { name: reply.toolCall.name, args }, thoughtSignature };
  }
  const text = 'text' in reply ? reply.text : '';
  // Gemini 3 signs the last part of an answer without calls too (sent back, not checked).
  return isThinkingGemini(model) ? { text, thoughtSignature: signText(text) } : { text };
}

/** The thought part shown first when the request asks for thoughts. */
function thoughts(reply: MockReply, body: Record<string, unknown>): Record<string, unknown>[] {
  if (!includeThoughts(body) || !('text' in reply || 'toolCall' in reply)) return [];
  return [{ text: reply.thinking ?? 'Let me think about this.', thought: true }];
}

function chunk(parts: Record<string, unknown>[], model: string, n: number, finish?: string): Record<string, unknown> {
  const cand: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
  if (finish) cand.finishReason = finish;
  return { candidates: [cand], usageMetadata: USAGE, modelVersion: model, responseId: `mockresp${n}` };
}

const STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' };

function validate(body: Record<string, unknown>): string | null {
  if (!Array.isArray(body.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  const called = new Set<string>();
  for (const [i, c] of (body.contents as { role?: unknown; parts?: unknown }[]).entries()) {
    if (c.role !== 'user' && c.role !== 'model') return `* GenerateContentRequest.contents[${i}].role: must be user or model`;
    if (!Array.isArray(c.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty`;
    for (const p of c.parts as Record<string, { name?: string } | undefined>[]) {
      if (p.functionCall?.name) called.add(p.functionCall.name);
      if (p.functionResponse && !called.has(String(p.functionResponse.name))) {
        return `* GenerateContentRequest.contents[${i}]: functionResponse ${String(p.functionResponse.name)} answers no functionCall`;
      }
    }
  }
  for (const t of (body.tools as { functionDeclarations?: { parameters?: unknown }[] }[] | undefined) ?? []) {
    for (const d of t.functionDeclarations ?? []) {
      const bad = unknownSchemaKey(d.parameters);
      if (bad) return `Invalid JSON payload received. Unknown name "${bad}" at 'tools[0].function_declarations[0].parameters'`;
    }
  }
  return null;
}

/** Gemini's Schema is an OpenAPI subset: JSON Schema keywords outside it are refused, at any depth. */
const REFUSED = new Set(['additionalProperties', '$schema', '$ref', '$defs', 'definitions', 'const', 'oneOf', 'allOf', 'not', 'exclusiveMinimum', 'exclusiveMaximum', 'patternProperties']);
function unknownSchemaKey(schema: unknown): string | null {
  if (Array.isArray(schema)) return schema.map(unknownSchemaKey).find((k) => k !== null) ?? null;
  if (typeof schema !== 'object' || schema === null) return null;
  for (const [k, v] of Object.entries(schema)) {
    if (REFUSED.has(k)) return k;
    if (k === 'type' && Array.isArray(v)) return 'type';
    const inner = k === 'properties' && v && typeof v === 'object' ? unknownSchemaKey(Object.values(v)) : k === 'items' || k === 'anyOf' ? unknownSchemaKey(v) : null;
    if (inner) return inner;
  }
  return null;
}

const protocol: MockProtocol = {
  name: 'gemini',
  route(method, url) {
    if (method === 'GET' && url.pathname === '/v1beta/models') return { kind: 'models' };
    const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (method !== 'POST' || !m) return null;
    const stream = m[2] === 'streamGenerateContent';
    if (stream && url.searchParams.get('alt') !== 'sse') return null;
    return { kind: 'generate', stream, model: decodeURIComponent(m[1] as string) };
  },
  credential: (req, url) => (req.headers['x-goog-api-key'] as string | undefined) ?? url.searchParams.get('key') ?? undefined,
  validate: (body, route) => validate(body) ?? (route.kind === 'generate' && isThinkingGemini(route.model) ? checkSignatures(body) : null),
  json: (reply, model, n, body) => chunk([...thoughts(reply, body), part(reply, model)], model, n, 'STOP'),
  frames(reply, model, n, body) {
    const data = (o: unknown): string => `data: ${JSON.stringify(o)}\n\n`;
    const thought = thoughts(reply, body).map((p) => data(chunk([p], model, n)));
    if ('toolCall' in reply) return [...thought, data(chunk([{ text: 'Calling.' }], model, n)), data(chunk([part(reply, model)], model, n, 'STOP'))];
    const text = 'text' in reply ? reply.text : '';
    const out = [...thought, ...pieces(text).map((p) => data(chunk([{ text: p }], model, n)))];
    out.push(data(chunk([isThinkingGemini(model) ? { text: '', thoughtSignature: signText(text) } : { text: '' }], model, n, 'STOP')));
    return out;
  },
  streamErrorFrame: (message) => `data: ${JSON.stringify({ error: { code: 503, message, status: 'UNAVAILABLE' } })}\n\n`,
  errorBody: (status, message) => ({ error: { code: status, message, status: STATUS[status] ?? 'INTERNAL' } }),
  models: () => ({ models: [{ name: 'models/gemini-mock', displayName: 'Gemini Mock', supportedGenerationMethods: ['generateContent'] }] }),
};

export function startMockGemini(opts: MockOptions = {}): Promise<MockUpstream> {
  return startMockUpstream(protocol, opts);
}
