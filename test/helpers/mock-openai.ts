/**
 * A local upstream that speaks OpenAI Chat Completions exactly (non-stream,
 * SSE stream with role/content/finish/usage chunks, tool calls whose arguments
 * JSON is split across chunks, GET /v1/models) and can be told to fail: a
 * status (500, 429 + Retry-After…), a delay, a connection reset mid-stream,
 * malformed JSON. Scripted per request (FIFO queue) or per model name; every
 * request is recorded for assertions. Listens on 127.0.0.1:0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MockBehavior =
  | { kind: 'ok'; delayMs?: number; chunkDelayMs?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset-mid-stream'; afterChunks?: number }
  | { kind: 'malformed' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined for GET), or the raw text when it was not JSON. */
  body: unknown;
}

export interface MockOpenAI {
  /** Base URL including `/v1`, as a provider's base URL. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests to the chat endpoint only. */
  chatRequests(): RecordedRequest[];
  /** Behaviour for every request naming this model (until changed). */
  setModelBehavior(model: string, b: MockBehavior): void;
  /** What GET /v1/models lists from now on. */
  setModels(ids: string[]): void;
  /** Behaviours for the next requests, in order, whatever their model (wins over per-model). */
  enqueue(...b: MockBehavior[]): void;
  close(): Promise<void>;
}

export interface MockOptions {
  models?: string[];
  /** The assistant's answer, streamed word by word. */
  reply?: string;
  /** Require this bearer credential (401 otherwise). */
  apiKey?: string;
}

export const MOCK_TOOL_ARGUMENTS = '{"city":"Paris","unit":"celsius"}';

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { function?: { name?: string } }[];
  tool_choice?: unknown;
  messages?: { role?: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The answer a chat request gets: text, or a tool call when tools are offered and no tool result came back. */
function plan(body: ChatBody, reply: string) {
  const last = body.messages?.[body.messages.length - 1];
  const tool = body.tools?.[0]?.function?.name;
  const wantsTool = tool !== undefined && body.tool_choice !== 'none' && last?.role !== 'tool';
  const pieces = wantsTool ? ['{"city":', '"Paris","unit"', ':"celsius"}'] : reply.split(/(?<= )/);
  const usage = {
    prompt_tokens: Math.ceil(JSON.stringify(body.messages ?? []).length / 4),
    completion_tokens: pieces.length,
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return { tool: wantsTool ? tool : undefined, pieces, usage };
}

export async function startMockOpenAI(opts: MockOptions = {}): Promise<MockOpenAI> {
  let models = opts.models ?? ['mock-small', 'mock-large'];
  const reply = opts.reply ?? 'Hello from the mock upstream.';
  const requests: RecordedRequest[] = [];
  const perModel = new Map<string, MockBehavior>();
  const queue: MockBehavior[] = [];
  let seq = 0;

  async function chat(req: IncomingMessage, res: ServerResponse, body: ChatBody): Promise<void> {
    const behavior: MockBehavior = queue.shift() ?? perModel.get(body.model ?? '') ?? { kind: 'ok' };
    if (behavior.kind === 'status') {
      const errBody = behavior.body ?? { error: { message: `mock failure ${behavior.status}`, type: 'server_error', code: null } };
      return sendJson(res, behavior.status, errBody, behavior.headers);
    }
    if (behavior.kind === 'ok' && behavior.delayMs) await sleep(behavior.delayMs);
    const id = `chatcmpl-mock${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'unknown';
    const p = plan(body, reply);
    if (!body.stream) {
      if (behavior.kind === 'malformed') return sendJson(res, 200, `{"id":"${id}","object":"chat.completion","choices":[`);
      if (behavior.kind === 'reset-mid-stream') return void req.socket.destroy();
      const message = p.tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${seq}`, type: 'function', function: { name: p.tool, arguments: MOCK_TOOL_ARGUMENTS } }], refusal: null }
        : { role: 'assistant', content: reply, refusal: null };
      return sendJson(res, 200, {
        id, object: 'chat.completion', created, model, system_fingerprint: null,
        choices: [{ index: 0, message, logprobs: null, finish_reason: p.tool ? 'tool_calls' : 'stop' }],
        usage: p.usage,
      });
    }
    const withUsage = body.stream_options?.include_usage === true;
    const chunk = (delta: unknown, finish: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}), ...extra })}\n\n`;
    const frames: string[] = [];
    if (p.tool) {
      frames.push(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_${seq}`, type: 'function', function: { name: p.tool, arguments: '' } }] }, null));
      for (const piece of p.pieces) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
      frames.push(chunk({}, 'tool_calls'));
    } else {
      frames.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
      for (const piece of p.pieces) frames.push(chunk({ content: piece }, null));
      frames.push(chunk({}, 'stop'));
    }
    if (withUsage) frames.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage: p.usage })}\n\n`);
    frames.push('data: [DONE]\n\n');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunkDelay = behavior.kind === 'ok' ? (behavior.chunkDelayMs ?? 0) : 0;
    for (let i = 0; i < frames.length; i++) {
      if (behavior.kind === 'reset-mid-stream' && i === (behavior.afterChunks ?? 2)) {
        await sleep(30);
        req.socket.destroy();
        return;
      }
      if (behavior.kind === 'malformed' && i === 1) {
        res.write('data: {"id":"broken","choices":[{\n\n');
        continue;
      }
      res.write(frames[i]);
      if (chunkDelay) await sleep(chunkDelay);
    }
    res.end();
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        return sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
      }
      if (req.method === 'GET' && path === '/v1/models') {
        return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' })) });
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        if (!body || typeof body !== 'object') return sendJson(res, 400, { error: { message: 'body must be JSON', type: 'invalid_request_error', code: null } });
        return chat(req, res, body as ChatBody);
      }
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null } });
    })().catch(() => {
      // A body the mock cannot read (wrong types inside) gets the 400 a real upstream would send.
      if (res.headersSent) res.destroy();
      else sendJson(res, 400, { error: { message: 'malformed request', type: 'invalid_request_error', code: null } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    setModelBehavior: (model, b) => void perModel.set(model, b),
    setModels: (ids) => void (models = [...ids]),
    enqueue: (...b) => void queue.push(...b),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
