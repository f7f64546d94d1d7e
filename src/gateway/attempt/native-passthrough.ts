import { SseParser, SwitchyardError, type SseEvent, type TokenUsage } from '../../core/index.js';
import { baseHeaders } from '../http/reply.js';
import { renameJsonModel, streamModelRenamer } from './answer-model.js';
import { exactText } from '../request-body.js';
import type { RequestContext } from '../request-context.js';
import type { RouteProvider, Target } from '../routing/index.js';
import { collect } from './collect.js';
import { pump } from './pump.js';
import { restoreSplice, spliceModel, spliceModelLifted } from './splice-model.js';
import { streamFailure } from './stream-failure.js';
import type { AttemptDeps, AttemptFn, AttemptResult } from './types.js';
import { clientGone, transportFailure, upstreamFailure } from './upstream-failure.js';

/** Watches a native stream go by, for its usage and whether it carried an error event. */
export interface StreamSniffer {
  push(ev: SseEvent): void;
  readonly usage: TokenUsage | null;
  readonly sawError: boolean;
  /** The finished response object as JSON, when the stream carried one (Responses: what a stored response keeps). */
  readonly final?: string | null;
}

/** What one protocol needs so its clients can talk to providers that speak it natively. */
export interface NativeProtocol {
  endpoint(p: RouteProvider, stream: boolean, ctx: RequestContext): { path: string; headers: Record<string, string> };
  usageFromJson(body: unknown): TokenUsage | null;
  sniffer(): StreamSniffer;
  /** The answer names the model the client asked for (answer-model.ts), not the provider's id. */
  answerRequestedModel?: boolean;
}

/**
 * The client's own protocol, spoken by the provider too (Messages → Anthropic,
 * Responses → a Responses-capable server): the body goes up with only `model`
 * replaced, the answer comes back byte for byte, and its usage is read on the way.
 * An upstream failure mid-stream becomes the caller's own error event.
 */
export function nativePassthrough(protocol: NativeProtocol): AttemptFn {
  return async (ctx: RequestContext, target: Target, deps: AttemptDeps): Promise<AttemptResult> => {
    const parsed = ctx.parsed;
    if (!parsed) throw new SwitchyardError('INTERNAL', 'attempt before parse');
    const ep = protocol.endpoint(target.provider, parsed.stream, ctx);
    let resp;
    try {
      resp = await deps.upstreams.request(target.provider.origin, {
        path: ep.path,
        method: 'POST',
        headers: ep.headers,
        body: spliced(ctx, parsed.model, target.model) ?? withModel(exactText(ctx), target.model),
        signal: ctx.abort.signal,
      });
    } catch (err) {
      return transportFailure(ctx, err, target);
    } finally {
      restoreSplice(ctx.bodyBytes); // as in passthrough-chat.ts
    }
    if (resp.statusCode < 200 || resp.statusCode >= 300) return upstreamFailure(resp, target);
    return parsed.stream ? relayStream(ctx, protocol, resp) : relayJson(ctx, protocol, target, resp, deps.maxResponseBytes);
  };
}

/** The client's bytes with the provider's model id written over its own (splice-model.ts); null when that cannot be done. */
function spliced(ctx: RequestContext, model: string, upstreamModel: string): Buffer | null {
  const opts = { inPlace: true };
  if (ctx.lifted) return spliceModelLifted(ctx.bodyBytes, ctx.lifted.body, model, upstreamModel, opts);
  return spliceModel(ctx.bodyBytes, ctx.bodyText, model, upstreamModel, opts);
}

/** The client's body with the provider's model id, re-encoded (when the bytes cannot be spliced). */
function withModel(bodyText: string, model: string): string {
  const body = JSON.parse(bodyText) as Record<string, unknown>;
  body.model = model;
  return JSON.stringify(body);
}

type Resp = Awaited<ReturnType<AttemptDeps['upstreams']['request']>>;

async function relayJson(ctx: RequestContext, protocol: NativeProtocol, target: Target, resp: Resp, max?: number): Promise<AttemptResult> {
  let buf: Buffer;
  try {
    buf = await collect(resp.body, max);
  } catch (err) {
    return transportFailure(ctx, err, target);
  }
  let body: unknown;
  try {
    body = JSON.parse(buf.toString('utf8'));
  } catch {
    const error = new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' answered with malformed JSON`, { status: 502, expose: true });
    return { kind: 'failed', error, upstreamStatus: 502, retryAfterMs: undefined };
  }
  if (protocol.answerRequestedModel && ctx.parsed) buf = renameJsonModel(buf, body, ctx.parsed.model);
  const h = baseHeaders(ctx, 'application/json');
  h['content-length'] = buf.length;
  ctx.ttfbMs = Date.now() - ctx.start;
  ctx.res.writeHead(200, h);
  ctx.res.end(buf);
  if (ctx.responses) ctx.responses.answer = buf.toString('utf8');
  return { kind: 'done', outcome: { status: 200, usage: protocol.usageFromJson(body), errorCode: null } };
}

async function relayStream(ctx: RequestContext, protocol: NativeProtocol, resp: Resp): Promise<AttemptResult> {
  const parser = new SseParser();
  const sniffer = protocol.sniffer();
  const commit = () => {
    ctx.ttfbMs = Date.now() - ctx.start;
    const h = baseHeaders(ctx, 'text/event-stream');
    h['cache-control'] = 'no-cache';
    ctx.res.writeHead(200, h);
  };
  const renamer = protocol.answerRequestedModel && ctx.parsed ? streamModelRenamer(ctx.parsed.model) : null;
  const onChunk = (chunk: Buffer): Buffer | null => {
    for (const ev of parser.pushBytes(chunk)) sniffer.push(ev);
    return renamer ? renamer.push(chunk) : chunk;
  };
  const errorFrame = (err: SwitchyardError): string => ctx.wire.streamEncoder({ requestId: ctx.id, requestedModel: ctx.parsed?.model ?? '', created: Math.floor(ctx.start / 1000) }).error(err);
  const end = await pump(resp.body, ctx.res, { onChunk, commit });
  if (ctx.abort.signal.aborted) return clientGone(ctx, errorFrame);
  if (!end.ok) return streamFailure(ctx, end, sniffer.usage, errorFrame);
  for (const ev of parser.end()) sniffer.push(ev);
  // A stream that ended before its first event was whole still gets what it sent.
  const held = renamer?.flush();
  if (held && !end.committed) commit();
  if (held) ctx.res.write(held);
  if (!end.committed && !held) {
    const error = new SwitchyardError('UPSTREAM_ERROR', 'the provider closed the stream without sending anything', { expose: true });
    return { kind: 'failed', error, upstreamStatus: null, retryAfterMs: undefined };
  }
  ctx.res.end();
  if (ctx.responses) ctx.responses.answer = sniffer.final ?? null;
  return { kind: 'done', outcome: { status: 200, usage: sniffer.usage, errorCode: sniffer.sawError ? 'UPSTREAM_ERROR' : null } };
}
