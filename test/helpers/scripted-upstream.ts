// A scriptable fake LLM server on 127.0.0.1:0 that speaks just enough of three
// wire protocols to carry a real coding agent through a turn with a tool call:
// OpenAI Responses (Codex), Anthropic Messages (Claude Code) and OpenAI Chat
// Completions (what Switchyard sends upstream). It records every request so a
// test (or test/fixtures/clients/record.ts) can look at what a client really sent.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Protocol = 'responses' | 'messages' | 'chat';

/** What the scripted model answers: plain text, or one tool call. */
export type ScriptedTurn = ({ text: string } | { toolCall: { id: string; name: string; arguments: string } }) & {
  /** Chat only: streamed first as `reasoning_content` deltas, as DeepSeek- or GLM-style upstreams do. */
  reasoning?: string;
};

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface SseEventRecord {
  event: string | undefined;
  data: unknown;
}

export interface Exchange {
  request: RecordedRequest;
  response: { status: number; body?: unknown; events?: SseEventRecord[] };
}

export interface ScriptedUpstream {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export type Script = (protocol: Protocol, body: Record<string, unknown>, index: number) => ScriptedTurn;

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

/** Headers with secrets masked, so recordings can be committed. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    out[k] = SECRET_HEADERS.has(k) ? value.replace(/(sk-[A-Za-z0-9-]{0,6})[^\s]*/g, '$1…') : value;
  }
  return out;
}

/** True once the conversation holds a tool's output (any of the three protocols). */
export function hasToolOutput(body: unknown): boolean {
  const s = JSON.stringify(body);
  return s.includes('"function_call_output"') || s.includes('"tool_result"') || s.includes('"role":"tool"');
}

/** The usual script: a tool call first, then text once the tool's output came back. */
export function toolThenText(toolCall: { name: string; arguments: string }, finalText: string): Script {
  return (_p, body) =>
    hasToolOutput(body) ? { text: finalText } : { toolCall: { id: 'call_sy_1', ...toolCall } };
}

const USAGE = { input: 12, output: 7 };

function responsesEvents(turn: ScriptedTurn, model: string, n: number): SseEventRecord[] {
  const id = `resp_scripted_${n}`;
  const base = { id, object: 'response', created_at: 1_700_000_000, status: 'in_progress', model, output: [] as unknown[] };
  const item =
    'text' in turn
      ? { type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] }
      : { type: 'function_call', id: `fc_${n}`, call_id: turn.toolCall.id, name: turn.toolCall.name, arguments: turn.toolCall.arguments, status: 'completed' };
  const ev = (type: string, data: Record<string, unknown>): SseEventRecord => ({ event: type, data: { type, ...data } });
  const out = [ev('response.created', { response: base }), ev('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress' } })];
  if ('text' in turn) {
    out.push(ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: turn.text }));
  } else {
    out.push(ev('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: turn.toolCall.arguments }));
  }
  out.push(ev('response.output_item.done', { output_index: 0, item }));
  const usage = { input_tokens: USAGE.input, input_tokens_details: { cached_tokens: 0 }, output_tokens: USAGE.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: USAGE.input + USAGE.output };
  out.push(ev('response.completed', { response: { ...base, status: 'completed', output: [item], usage } }));
  return out;
}

function messagesBlock(turn: ScriptedTurn): Record<string, unknown> {
  if ('text' in turn) return { type: 'text', text: turn.text };
  return { type: 'tool_use', id: turn.toolCall.id, name: turn.toolCall.name, input: JSON.parse(turn.toolCall.arguments) as unknown };
}

function messagesJson(turn: ScriptedTurn, model: string, n: number): Record<string, unknown> {
  return {
    id: `msg_scripted_${n}`, type: 'message', role: 'assistant', model, content: [messagesBlock(turn)],
    stop_reason: 'text' in turn ? 'end_turn' : 'tool_use', stop_sequence: null,
    usage: { input_tokens: USAGE.input, output_tokens: USAGE.output },
  };
}

function messagesEvents(turn: ScriptedTurn, model: string, n: number): SseEventRecord[] {
  const full = messagesJson(turn, model, n);
  const ev = (type: string, data: Record<string, unknown>): SseEventRecord => ({ event: type, data: { type, ...data } });
  const start = 'text' in turn ? { type: 'text', text: '' } : { ...messagesBlock(turn), input: {} };
  const delta = 'text' in turn ? { type: 'text_delta', text: turn.text } : { type: 'input_json_delta', partial_json: turn.toolCall.arguments };
  return [
    ev('message_start', { message: { ...full, content: [], stop_reason: null, usage: { input_tokens: USAGE.input, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: start }),
    ev('content_block_delta', { index: 0, delta }),
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', { delta: { stop_reason: full.stop_reason, stop_sequence: null }, usage: { output_tokens: USAGE.output } }),
    ev('message_stop', {}),
  ];
}

function chatMessage(turn: ScriptedTurn): Record<string, unknown> {
  const reasoning = turn.reasoning ? { reasoning_content: turn.reasoning } : {};
  if ('text' in turn) return { role: 'assistant', content: turn.text, ...reasoning };
  const call = { id: turn.toolCall.id, type: 'function', function: { name: turn.toolCall.name, arguments: turn.toolCall.arguments } };
  return { role: 'assistant', content: null, ...reasoning, tool_calls: [call] };
}

function chatJson(turn: ScriptedTurn, model: string, n: number): Record<string, unknown> {
  return {
    id: `chatcmpl-scripted-${n}`, object: 'chat.completion', created: 1_700_000_000, model,
    choices: [{ index: 0, message: chatMessage(turn), finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
  };
}

function chatEvents(turn: ScriptedTurn, model: string, n: number): SseEventRecord[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown): SseEventRecord => ({
    event: undefined,
    data: { id: `chatcmpl-scripted-${n}`, object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) },
  });
  const out = [chunk({ role: 'assistant', content: '' }, null)];
  if (turn.reasoning) out.push(chunk({ reasoning_content: turn.reasoning }, null));
  if ('text' in turn) {
    out.push(chunk({ content: turn.text }, null));
  } else {
    // Arguments split across two chunks, as real upstreams do.
    const a = turn.toolCall.arguments;
    const half = Math.floor(a.length / 2);
    out.push(chunk({ tool_calls: [{ index: 0, id: turn.toolCall.id, type: 'function', function: { name: turn.toolCall.name, arguments: a.slice(0, half) } }] }, null));
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: a.slice(half) } }] }, null));
  }
  const usage = { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output };
  out.push(chunk({}, 'text' in turn ? 'stop' : 'tool_calls', usage));
  out.push({ event: undefined, data: '[DONE]' });
  return out;
}

function protocolOf(path: string): Protocol | 'count_tokens' | 'models' | undefined {
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (path.endsWith('/messages')) return 'messages';
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/models')) return 'models';
  return undefined;
}

function answer(protocol: Protocol, turn: ScriptedTurn, body: Record<string, unknown>, n: number): Exchange['response'] {
  const model = typeof body.model === 'string' ? body.model : 'scripted-model';
  const stream = body.stream === true;
  if (protocol === 'responses') {
    const events = responsesEvents(turn, model, n);
    return stream ? { status: 200, events } : { status: 200, body: (events.at(-1)?.data as { response: unknown }).response };
  }
  if (protocol === 'messages') {
    return stream ? { status: 200, events: messagesEvents(turn, model, n) } : { status: 200, body: messagesJson(turn, model, n) };
  }
  return stream ? { status: 200, events: chatEvents(turn, model, n) } : { status: 200, body: chatJson(turn, model, n) };
}

export async function startScriptedUpstream(script: Script): Promise<ScriptedUpstream> {
  const exchanges: Exchange[] = [];
  let turns = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? (JSON.parse(raw) as unknown) : null;
      } catch {}
      const request: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: redactHeaders(req.headers), body };
      const path = new URL(request.url, 'http://x').pathname;
      const kind = protocolOf(path);
      const obj = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      let response: Exchange['response'];
      if (req.method === 'POST' && (kind === 'responses' || kind === 'messages' || kind === 'chat')) {
        turns += 1;
        response = answer(kind, script(kind, obj, turns), obj, turns);
      } else if (req.method === 'POST' && kind === 'count_tokens') {
        response = { status: 200, body: { input_tokens: 42 } };
      } else if (req.method === 'GET' && kind === 'models') {
        response = { status: 200, body: { object: 'list', data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'scripted' }] } };
      } else {
        response = { status: 404, body: { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } } };
      }
      exchanges.push({ request, response });
      if (response.events) {
        res.writeHead(response.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const e of response.events) {
          const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
          res.write(e.event ? `event: ${e.event}\ndata: ${data}\n\n` : `data: ${data}\n\n`);
        }
        res.end();
      } else {
        res.writeHead(response.status, { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(response.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
