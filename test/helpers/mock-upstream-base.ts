// The machinery shared by the mock Anthropic and Gemini upstreams: a node:http
// server on 127.0.0.1:0 that records every request, answers each from a queue
// of scripted replies (or a default), and can fail in the ways real upstreams do.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the mock model does for one request. */
export type MockReply =
  /**
   * `thinking`: the thought a thinking model shows first when the request turns thinking on;
   * `redactedThinking`: a thought it sends encrypted (Anthropic's redacted_thinking).
   */
  | { text: string; thinking?: string; redactedThinking?: string }
  | { toolCall: { id?: string; name: string; arguments: string }; thinking?: string; redactedThinking?: string }
  /** An HTTP error in the protocol's own error shape. */
  | { fail: { status: number; message?: string; retryAfterSec?: number } }
  /** Streams (or starts writing) `text`, then destroys the socket. */
  | { resetAfter: string }
  /** Streams `text`, then the protocol's in-stream error event. */
  | { streamError: { text: string; message: string } }
  /** A 200 whose body is not JSON. */
  | { malformed: true };

export interface MockRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | null;
}

export interface MockUpstream {
  url: string;
  requests: MockRequest[];
  /** Why each refused request (400 from validate) was refused. */
  refusals: string[];
  /** Replies for the next requests, in order; the default answers once they run out. */
  enqueue(...replies: MockReply[]): void;
  close(): Promise<void>;
}

export interface MockOptions {
  /** When set, requests without this credential get the protocol's 401. */
  apiKey?: string;
  reply?: (body: Record<string, unknown>, n: number) => MockReply;
  /** Wait this long before answering (a slow upstream). */
  delayMs?: number;
}

export type Route = { kind: 'generate'; stream: boolean; model: string } | { kind: 'models' } | { kind: 'count' };

/** What one protocol supplies. */
export interface MockProtocol {
  name: string;
  route(method: string, url: URL): Route | null;
  credential(req: IncomingMessage, url: URL): string | undefined;
  /** A reason to refuse the body with 400, as the real API would, or null. */
  validate(body: Record<string, unknown>, route: Route): string | null;
  json(reply: MockReply, model: string, n: number, body: Record<string, unknown>): unknown;
  /** SSE frames of a reply (text or tool call), split the way real upstreams split them. */
  frames(reply: MockReply, model: string, n: number, body: Record<string, unknown>): string[];
  streamErrorFrame(message: string): string;
  errorBody(status: number, message: string): unknown;
  models(): unknown;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startMockUpstream(p: MockProtocol, opts: MockOptions = {}): Promise<MockUpstream> {
  const requests: MockRequest[] = [];
  const refusals: string[] = [];
  const queue: MockReply[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://mock');
      let body: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = raw ? JSON.parse(raw) : null;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {}
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const route = p.route(req.method ?? 'GET', url);
      if (!route) return sendJson(res, 404, p.errorBody(404, `no route ${req.method} ${url.pathname}`));
      if (opts.apiKey !== undefined && p.credential(req, url) !== opts.apiKey) {
        return sendJson(res, 401, p.errorBody(401, 'invalid x-api-key'));
      }
      if (route.kind === 'models') return sendJson(res, 200, p.models());
      if (!body) return sendJson(res, 400, p.errorBody(400, 'body is not a JSON object'));
      const invalid = p.validate(body, route);
      if (invalid) {
        refusals.push(invalid);
        return sendJson(res, 400, p.errorBody(400, invalid));
      }
      if (route.kind === 'count') return sendJson(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
      n += 1;
      const reply = queue.shift() ?? opts.reply?.(body, n) ?? { text: `Hello from mock ${p.name}` };
      // Anthropic says stream and model in the body; Gemini in the path.
      const gen = { ...route, stream: route.stream || body.stream === true, model: route.model || String(body.model ?? 'mock') };
      answer(p, res, reply, gen, n, body);
    })().catch(() => {
      // A body the mock cannot read (wrong types inside) gets the 400 a real upstream would send.
      if (res.headersSent) res.destroy();
      else sendJson(res, 400, p.errorBody(400, 'malformed request'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refusals,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(p: MockProtocol, res: ServerResponse, reply: MockReply, route: Route & { kind: 'generate' }, n: number, body: Record<string, unknown>): void {
  if ('fail' in reply) {
    const headers: Record<string, string> = reply.fail.retryAfterSec ? { 'retry-after': String(reply.fail.retryAfterSec) } : {};
    return sendJson(res, reply.fail.status, p.errorBody(reply.fail.status, reply.fail.message ?? `mock failure ${reply.fail.status}`), headers);
  }
  if ('malformed' in reply) {
    res.writeHead(200, { 'content-type': route.stream ? 'text/event-stream' : 'application/json' });
    res.end(route.stream ? 'data: {"candidates": [\n\n' : '{"id": "broken", ');
    return;
  }
  if (!route.stream) {
    if ('resetAfter' in reply) return void res.socket?.destroy();
    const r = 'streamError' in reply ? { text: reply.streamError.text } : reply;
    return sendJson(res, 200, p.json(r, route.model, n, body));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if ('resetAfter' in reply || 'streamError' in reply) {
    const text = 'resetAfter' in reply ? reply.resetAfter : reply.streamError.text;
    // Everything before the closing frames: the stream has begun, then breaks.
    const frames = p.frames({ text }, route.model, n, body);
    for (const f of frames.slice(0, -2)) res.write(f);
    if ('streamError' in reply) res.end(p.streamErrorFrame(reply.streamError.message));
    else setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  for (const f of p.frames(reply, route.model, n, body)) res.write(f);
  res.end();
}

/** Splits a string in up to three pieces, as upstreams split text and JSON across chunks. */
export function pieces(s: string): string[] {
  if (s.length < 3) return [s];
  const a = Math.floor(s.length / 3);
  const b = Math.floor((2 * s.length) / 3);
  return [s.slice(0, a), s.slice(a, b), s.slice(b)];
}
