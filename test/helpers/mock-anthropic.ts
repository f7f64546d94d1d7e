// A local Anthropic Messages API for tests: POST /v1/messages (stream and not,
// `?beta=true` too), /v1/messages/count_tokens, GET /v1/models. It refuses what
// the real API refuses (missing max_tokens, a tool_use without its tool_result
// right after, roles other than user/assistant), so translation bugs show. With
// thinking on it thinks first and checks thinking in tool loops (anthropic-thinking.ts).
import { checkThinking, redactedData, signThinking, thinkingEnabled } from './anthropic-thinking.js';
import { pieces, startMockUpstream, type MockOptions, type MockProtocol, type MockReply, type MockUpstream } from './mock-upstream-base.js';

export type { MockReply, MockUpstream } from './mock-upstream-base.js';

const USAGE = { input_tokens: 13, cache_read_input_tokens: 8, cache_creation_input_tokens: 0 };
const OUTPUT_TOKENS = 4;
/** Tokens written to the cache, as the real API reports them only where a request marks a breakpoint. */
export const MOCK_CACHE_WRITE_TOKENS = 5;

function usageFor(body: Record<string, unknown>, output: number): Record<string, number> {
  const marked = JSON.stringify(body).includes('"cache_control"');
  return { ...USAGE, cache_creation_input_tokens: marked ? MOCK_CACHE_WRITE_TOKENS : 0, output_tokens: output };
}

function block(reply: MockReply, n: number): Record<string, unknown> {
  if ('toolCall' in reply) {
    const c = reply.toolCall;
    return { type: 'tool_use', id: c.id ?? `toolu_mock_${n}`, name: c.name, input: JSON.parse(c.arguments) as unknown };
  }
  return { type: 'text', text: 'text' in reply ? reply.text : '' };
}

/** The thinking blocks that open an answer when the request turns thinking on. */
function thinkingBlocks(reply: MockReply, body: Record<string, unknown>): Record<string, unknown>[] {
  if (!thinkingEnabled(body) || !('text' in reply || 'toolCall' in reply)) return [];
  const thought = reply.thinking ?? 'Let me think about this.';
  const out: Record<string, unknown>[] = [{ type: 'thinking', thinking: thought, signature: signThinking(thought) }];
  if (reply.redactedThinking) out.push({ type: 'redacted_thinking', data: redactedData(reply.redactedThinking) });
  return out;
}

function ev(name: string, data: Record<string, unknown>): string {
  return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
}

const anthropicError = (status: number): string =>
  ({ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' })[status] ??
  'api_error';

function validate(body: Record<string, unknown>): string | null {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  let pending: string[] = [];
  for (const [i, m] of (body.messages as { role?: unknown; content?: unknown }[]).entries()) {
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const blocks = Array.isArray(m.content) ? (m.content as { type?: string; id?: string; tool_use_id?: string }[]) : [];
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return `messages.${i}.content: Field required`;
    if (pending.length > 0) {
      const answered = new Set(blocks.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id));
      const missing = pending.filter((id) => !answered.has(id));
      if (m.role !== 'user' || missing.length > 0) {
        return `messages.${i}: tool_use ids were found without tool_result blocks immediately after: ${missing.join(', ')}`;
      }
    }
    pending = m.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
  }
  return null;
}

const protocol: MockProtocol = {
  name: 'anthropic',
  route(method, url) {
    if (method === 'GET' && url.pathname === '/v1/models') return { kind: 'models' };
    if (method !== 'POST') return null;
    if (url.pathname === '/v1/messages/count_tokens') return { kind: 'count' };
    // The model and stream flag live in the body; the base server fills them from there.
    if (url.pathname === '/v1/messages') return { kind: 'generate', stream: false, model: '' };
    return null;
  },
  credential: (req) => (req.headers['x-api-key'] as string | undefined) ?? req.headers.authorization?.replace(/^Bearer /, ''),
  validate: (body) => validate(body) ?? checkThinking(body),
  json(reply, model, n, body) {
    const tool = 'toolCall' in reply;
    return {
      id: `msg_mock_${n}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [...thinkingBlocks(reply, body), block(reply, n)],
      stop_reason: tool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: usageFor(body, OUTPUT_TOKENS),
    };
  },
  frames(reply, model, n, body) {
    const tool = 'toolCall' in reply;
    const b = block(reply, n);
    const out = [
      ev('message_start', {
        message: { id: `msg_mock_${n}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usageFor(body, 1) },
      }),
    ];
    const thinking = thinkingBlocks(reply, body);
    for (const [index, t] of thinking.entries()) {
      if (t.type === 'redacted_thinking') {
        out.push(ev('content_block_start', { index, content_block: t }), ev('content_block_stop', { index }));
        continue;
      }
      out.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(String(t.thinking))) out.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: p } }));
      out.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: t.signature } }), ev('content_block_stop', { index }));
    }
    const index = thinking.length;
    out.push(ev('content_block_start', { index, content_block: tool ? { ...b, input: {} } : { type: 'text', text: '' } }), ev('ping', {}));
    const parts = tool ? pieces(JSON.stringify(b.input)) : pieces(String(b.text));
    for (const p of parts) {
      out.push(ev('content_block_delta', { index, delta: tool ? { type: 'input_json_delta', partial_json: p } : { type: 'text_delta', text: p } }));
    }
    out.push(
      ev('content_block_stop', { index }),
      ev('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: OUTPUT_TOKENS } }),
      ev('message_stop', {}),
    );
    return out;
  },
  streamErrorFrame: (message) => `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message } })}\n\n`,
  errorBody: (status, message) => ({ type: 'error', error: { type: anthropicError(status), message } }),
  models: () => ({ data: [{ type: 'model', id: 'claude-mock-1', display_name: 'Claude Mock', created_at: '2025-01-01T00:00:00Z' }], has_more: false, first_id: 'claude-mock-1', last_id: 'claude-mock-1' }),
};

export function startMockAnthropic(opts: MockOptions = {}): Promise<MockUpstream> {
  return startMockUpstream(protocol, opts);
}
