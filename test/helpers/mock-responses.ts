// A local OpenAI Responses API for tests (POST /v1/responses, stream and not),
// standing in for a provider that speaks Responses itself, so Switchyard's
// native pass-through can be checked byte for byte.
import { pieces, startMockUpstream, type MockOptions, type MockProtocol, type MockReply, type MockUpstream } from './mock-upstream-base.js';

export type { MockReply, MockUpstream } from './mock-upstream-base.js';

const USAGE = { input_tokens: 21, input_tokens_details: { cached_tokens: 8 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 25 };

function item(reply: MockReply, n: number): Record<string, unknown> {
  if ('toolCall' in reply) {
    const c = reply.toolCall;
    return { type: 'function_call', id: `fc_mock_${n}`, call_id: c.id ?? `call_mock_${n}`, name: c.name, arguments: c.arguments, status: 'completed' };
  }
  const text = 'text' in reply ? reply.text : '';
  return { type: 'message', id: `msg_mock_${n}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

function response(model: string, n: number, status: string, output: unknown[], usage: unknown): Record<string, unknown> {
  return { id: `resp_mock_${n}`, object: 'response', created_at: 1763800000, status, error: null, model, output, usage };
}

const protocol: MockProtocol = {
  name: 'responses',
  route: (method, url) => (method === 'POST' && url.pathname === '/v1/responses' ? { kind: 'generate', stream: false, model: '' } : null),
  credential: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
  validate: (body) => (typeof body.model !== 'string' ? 'model is required' : body.input === undefined ? 'input is required' : null),
  json: (reply, model, n) => response(model, n, 'completed', [item(reply, n)], USAGE),
  frames(reply, model, n) {
    let seq = 0;
    const ev = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
    const full = item(reply, n);
    const out = [ev('response.created', { response: response(model, n, 'in_progress', [], null) })];
    if (full.type === 'function_call') {
      out.push(ev('response.output_item.added', { output_index: 0, item: { ...full, arguments: '', status: 'in_progress' } }));
      for (const p of pieces(String(full.arguments))) out.push(ev('response.function_call_arguments.delta', { item_id: full.id, output_index: 0, delta: p }));
      out.push(ev('response.function_call_arguments.done', { item_id: full.id, output_index: 0, arguments: full.arguments }));
    } else {
      const text = 'text' in reply ? reply.text : '';
      const at = { item_id: full.id, output_index: 0, content_index: 0 };
      out.push(ev('response.output_item.added', { output_index: 0, item: { ...full, content: [], status: 'in_progress' } }));
      out.push(ev('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } }));
      for (const p of pieces(text)) out.push(ev('response.output_text.delta', { ...at, delta: p }));
      out.push(ev('response.output_text.done', { ...at, text }));
      out.push(ev('response.content_part.done', { ...at, part: { type: 'output_text', text, annotations: [] } }));
    }
    out.push(ev('response.output_item.done', { output_index: 0, item: full }));
    out.push(ev('response.completed', { response: response(model, n, 'completed', [full], USAGE) }));
    return out;
  },
  streamErrorFrame: (message) => `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'server_error', message, param: null, sequence_number: 99 })}\n\n`,
  errorBody: (status, message) => ({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null, param: null } }),
  models: () => ({ object: 'list', data: [] }),
};

export function startMockResponses(opts: MockOptions = {}): Promise<MockUpstream> {
  return startMockUpstream(protocol, opts);
}
