/**
 * A local DeepSeek-style Chat Completions upstream in thinking mode (its
 * documented behaviour): every answer carries `reasoning_content` beside the
 * content or tool calls, and a tool-calling conversation that comes back
 * without the exact `reasoning_content` of each earlier assistant tool-call
 * turn is refused with 400 invalid_request_error. Stream and non-stream;
 * every request is recorded. Listens on 127.0.0.1:0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeepSeekTurn {
  reasoning: string;
  text?: string;
  toolCall?: { name: string; arguments: string };
}

export interface MockDeepSeek {
  /** Base URL including `/v1`. */
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  /** Requests refused for missing reasoning, with the message sent. */
  refusals: string[];
  close(): Promise<void>;
}

interface Msg {
  role?: string;
  content?: unknown;
  reasoning_content?: unknown;
  tool_calls?: { id?: string }[];
}

export const DEEPSEEK_MISSING_REASONING = 'The reasoning_content in the thinking mode must be passed back to the API.';

/** `script(body, toolResults)`: the turn to answer, from the number of tool results in the conversation. */
export async function startMockDeepSeek(script: (body: Record<string, unknown>, toolResults: number) => DeepSeekTurn): Promise<MockDeepSeek> {
  const requests: MockDeepSeek['requests'] = [];
  const refusals: string[] = [];
  /** tool call id → the reasoning_content issued with it. */
  const issued = new Map<string, string>();
  let seq = 0;

  function check(messages: Msg[]): string | null {
    for (const [i, m] of messages.entries()) {
      if (m.role !== 'assistant' || !m.tool_calls?.length) continue;
      const want = issued.get(String(m.tool_calls[0]?.id));
      if (want === undefined) continue; // a call we did not issue (another upstream's): nothing to check
      if (m.reasoning_content !== want) return `${DEEPSEEK_MISSING_REASONING} (messages[${i}])`;
    }
    return null;
  }

  function handle(res: ServerResponse, body: Record<string, unknown>): void {
    const messages = Array.isArray(body.messages) ? (body.messages as Msg[]) : [];
    const invalid = check(messages);
    if (invalid) {
      refusals.push(invalid);
      return send(res, 400, { error: { message: invalid, type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
    }
    const turn = script(body, messages.filter((m) => m.role === 'tool').length);
    const id = `ds-${++seq}`;
    const model = String(body.model ?? 'deepseek-reasoner');
    const created = Math.floor(Date.now() / 1000);
    const call = turn.toolCall ? { id: `call_ds_${seq}`, type: 'function', function: turn.toolCall } : undefined;
    if (call) issued.set(call.id, turn.reasoning);
    const usage = { prompt_tokens: 40, completion_tokens: 9, total_tokens: 49, prompt_tokens_details: { cached_tokens: 32 }, prompt_cache_hit_tokens: 32, prompt_cache_miss_tokens: 8 };
    const finish = call ? 'tool_calls' : 'stop';
    if (body.stream !== true) {
      const message = { role: 'assistant', content: turn.text ?? (call ? '' : null), reasoning_content: turn.reasoning, ...(call ? { tool_calls: [call] } : {}) };
      return send(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
    }
    const frame = (delta: Record<string, unknown>, fin: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: fin }], ...extra })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(frame({ role: 'assistant', content: null, reasoning_content: '' }, null));
    const r = turn.reasoning;
    const step = Math.max(1, Math.ceil(r.length / 3));
    for (let at = 0; at < r.length; at += step) res.write(frame({ content: null, reasoning_content: r.slice(at, at + step) }, null));
    if (turn.text) res.write(frame({ content: turn.text, reasoning_content: null }, null));
    if (call) {
      const a = call.function.arguments;
      const half = Math.floor(a.length / 2);
      res.write(frame({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: a.slice(0, half) } }] }, null));
      res.write(frame({ tool_calls: [{ index: 0, function: { arguments: a.slice(half) } }] }, null));
    }
    res.write(frame({ content: '' }, finish));
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'GET' && path.endsWith('/models')) return send(res, 200, { object: 'list', data: [{ id: 'deepseek-reasoner', object: 'model', owned_by: 'deepseek' }] });
      if (req.method !== 'POST' || !path.endsWith('/chat/completions')) return send(res, 404, { error: { message: 'Not Found', type: 'invalid_request_error' } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error: { message: 'Failed to parse the request body as JSON', type: 'invalid_request_error' } });
      }
      requests.push({ path, body });
      handle(res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    refusals,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
