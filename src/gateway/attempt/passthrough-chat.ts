import { SwitchyardError } from '../../core/index.js';
import { basePath, jsonHeaders } from '../../providers/openai-compatible/index.js';
import { baseHeaders } from '../http/reply.js';
import { fitReasoningEffort } from '../reasoning/effort.js';
import { exactParsed } from '../request-body.js';
import type { RequestContext } from '../request-context.js';
import type { RouteProvider, Target } from '../routing/index.js';
import { findUsage, toTokenUsage } from '../usage/sniff.js';
import { collect } from './collect.js';
import { notEventStream } from './expect-sse.js';
import { pump } from './pump.js';
import { reencode, rewriteChatBody } from './rewrite-chat-body.js';
import { restoreSplice } from './splice-model.js';
import { SsePassthrough } from './sse-passthrough.js';
import type { AttemptDeps, AttemptResult } from './types.js';
import { clientGone, transportFailure, upstreamFailure } from './upstream-failure.js';
import { streamFailure } from './stream-failure.js';

interface Endpoint {
  path: string;
  headers: Record<string, string>;
  streamHeaders: Record<string, string>;
}

/** Path and headers per provider connection, built once per route-table fill. */
const endpoints = new WeakMap<RouteProvider, Endpoint>();
function endpointFor(p: RouteProvider): Endpoint {
  let e = endpoints.get(p);
  if (!e) {
    const headers = jsonHeaders(p.conn);
    e = { path: `${basePath(p.conn.baseUrl)}/chat/completions`, headers, streamHeaders: { ...headers, accept: 'text/event-stream' } };
    endpoints.set(p, e);
  }
  return e;
}

/**
 * The fast path: a Chat Completions client and an OpenAI-compatible provider.
 * The body is forwarded with only `model` (and include_usage) changed; the
 * answer is forwarded byte for byte while its usage is sniffed.
 */
/**
 * The bytes as received with the model spliced in, unless `reasoning_effort`
 * must be left out for this upstream (a preset flag): then re-encoded without it.
 */
function upstreamBody(ctx: RequestContext, target: Target, stream: boolean): Buffer | string {
  const chat = (ctx.parsed as NonNullable<RequestContext['parsed']>).chat;
  if (fitReasoningEffort(chat, target) !== chat) return reencode(fitReasoningEffort(exactParsed(ctx).chat, target), target.model, stream);
  return rewriteChatBody(ctx.bodyBytes, ctx.bodyText, chat, target.model, stream, () => exactParsed(ctx).chat, ctx.modelMember, true);
}

export async function passthroughChat(ctx: RequestContext, target: Target, deps: AttemptDeps): Promise<AttemptResult> {
  const parsed = ctx.parsed;
  if (!parsed) throw new SwitchyardError('INTERNAL', 'attempt before parse');
  const stream = parsed.stream;
  const ep = endpointFor(target.provider);
  let resp;
  try {
    resp = await deps.upstreams.request(target.provider.origin, {
      path: ep.path,
      method: 'POST',
      headers: stream ? ep.streamHeaders : ep.headers,
      body: upstreamBody(ctx, target, stream),
      signal: ctx.abort,
    });
  } catch (err) {
    return transportFailure(ctx, err, target);
  } finally {
    // The upstream has the body (or has answered without it): the client's bytes go back for any later reader.
    restoreSplice(ctx.bodyBytes);
  }
  if (resp.statusCode < 200 || resp.statusCode >= 300) return upstreamFailure(resp, target);
  return stream ? (notEventStream(resp, target) ?? relayStream(ctx, resp)) : relayJson(ctx, target, resp, deps.maxResponseBytes);
}

async function relayJson(ctx: RequestContext, target: Target, resp: Awaited<ReturnType<AttemptDeps['upstreams']['request']>>, max?: number): Promise<AttemptResult> {
  let buf: Buffer;
  try {
    buf = await collect(resp.body, max);
  } catch (err) {
    return transportFailure(ctx, err, target);
  }
  if (!looksLikeJsonObject(buf)) {
    const error = new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' answered with malformed JSON`, { status: 502, expose: true });
    return { kind: 'failed', error, upstreamStatus: 502, retryAfterMs: undefined };
  }
  const hit = findUsage(buf, Math.max(0, buf.lastIndexOf('"usage"') - 1));
  const h = baseHeaders(ctx, 'application/json');
  h['content-length'] = buf.length;
  ctx.ttfbMs = Date.now() - ctx.start;
  ctx.res.writeHead(200, h);
  ctx.res.end(buf);
  return { kind: 'done', outcome: { status: 200, usage: toTokenUsage(hit?.usage), errorCode: null } };
}

async function relayStream(ctx: RequestContext, resp: Awaited<ReturnType<AttemptDeps['upstreams']['request']>>): Promise<AttemptResult> {
  const sse = new SsePassthrough(ctx.parsed?.chat.stream_options?.include_usage !== true);
  const commit = () => {
    ctx.ttfbMs = Date.now() - ctx.start;
    const h = baseHeaders(ctx, 'text/event-stream');
    h['cache-control'] = 'no-cache';
    ctx.res.writeHead(200, h);
  };
  const end = await pump(resp.body, ctx.res, { onChunk: (c) => sse.push(c), commit });
  if (ctx.abort.aborted) return clientGone(ctx, (err) => `data: ${ctx.wire.renderError(err).body}\n\n`);
  const usage = toTokenUsage(sse.usage);
  if (!end.ok) return streamFailure(ctx, end, usage, (err) => `data: ${ctx.wire.renderError(err).body}\n\n`);
  const rest = sse.end();
  if (!end.committed) {
    if (!rest) return { kind: 'failed', error: emptyStream(), upstreamStatus: null, retryAfterMs: undefined };
    commit();
  }
  if (rest) ctx.res.write(rest);
  // A clean close without [DONE] still ends the SDK's iteration; add it so every client sees a proper end.
  ctx.res.end(sse.sawDone ? undefined : 'data: [DONE]\n\n');
  return { kind: 'done', outcome: { status: 200, usage, errorCode: sse.sawError ? 'UPSTREAM_ERROR' : null } };
}

/** A cheap sanity check (no parse): an object from first to last byte, so a truncated or HTML body is caught. */
function looksLikeJsonObject(buf: Buffer): boolean {
  let i = 0;
  let j = buf.length - 1;
  while (i < j && buf[i] !== undefined && (buf[i] as number) <= 0x20) i++;
  while (j > i && (buf[j] as number) <= 0x20) j--;
  return buf[i] === 0x7b && buf[j] === 0x7d;
}

function emptyStream(): SwitchyardError {
  return new SwitchyardError('UPSTREAM_ERROR', 'the provider closed the stream without sending anything', { expose: true });
}
