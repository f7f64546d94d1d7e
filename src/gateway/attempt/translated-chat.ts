import { SseParser, SwitchyardError, type ChatRequest, type ChatUsage } from '../../core/index.js';
import type { ProviderAdapter, UpstreamRequest } from '../../providers/index.js';
import { baseHeaders, sendJson } from '../http/reply.js';
import { fitReasoningEffort } from '../reasoning/effort.js';
import { restoreReasoning } from '../reasoning/restore.js';
import { createReasoningSealer } from '../reasoning/seal.js';
import { byteSpaceBytes, byteSpaceParsed, exactParsed, liftedParsed } from '../request-body.js';
import type { RequestContext } from '../request-context.js';
import type { Target } from '../routing/index.js';
import { toTokenUsage } from '../usage/sniff.js';
import type { ParsedRequest, WireContext } from '../wire/index.js';
import { spliceLiterals } from '../wire/lift-strings.js';
import { checkTranslatable } from '../wire/request-shape.js';
import { answerTooLarge, collect, DEFAULT_MAX_RESPONSE_BYTES } from './collect.js';
import { pump } from './pump.js';
import { streamFailure } from './stream-failure.js';
import type { AttemptDeps, AttemptResult } from './types.js';
import { clientGone, transportFailure, upstreamFailure } from './upstream-failure.js';

const SEALING_OFF = createReasoningSealer(null);

type Resp = Awaited<ReturnType<AttemptDeps['upstreams']['request']>>;

function wireContext(ctx: RequestContext, target: Target, deps: AttemptDeps): WireContext {
  const sealer = deps.sealer;
  return {
    requestId: ctx.id,
    requestedModel: ctx.parsed?.model ?? '',
    created: Math.floor(ctx.start / 1000),
    includeUsage: ctx.parsed?.chat.stream_options?.include_usage === true,
    seal: sealer?.enabled ? (r) => sealer.seal({ provider: target.provider.name, model: target.model, ...r }) : undefined,
    store: ctx.responses?.store ?? false,
    previousResponseId: ctx.responses?.previousResponseId ?? null,
  };
}

/**
 * The general path, for any wire format and any provider: canonical chat
 * request → adapter → provider; the answer back through the adapter into
 * canonical chat, then rendered (or stream-encoded) by the client's wire format.
 */
export async function translatedChat(ctx: RequestContext, target: Target, deps: AttemptDeps): Promise<AttemptResult> {
  if (!ctx.parsed) throw new SwitchyardError('INTERNAL', 'attempt before parse');
  const adapter = target.provider.adapter;
  if (!adapter) {
    const error = new SwitchyardError('UPSTREAM_UNAVAILABLE', `provider type '${target.provider.type}' is not supported by this build`, { expose: true });
    return { kind: 'failed', error, upstreamStatus: null, retryAfterMs: undefined };
  }
  // Cheapest first (request-body.ts): long strings lifted out, then without decoding, then exact. A reasoning
  // seal puts real text in, so it takes the exact parse.
  const { parsed, up, body } = liftedRequest(ctx, adapter, target, deps) ?? byteSpaceRequest(ctx, adapter, target, deps) ?? (upstreamRequest(ctx, adapter, target, deps, exactParsed(ctx), null) as Built);
  let resp: Resp;
  try {
    resp = await deps.upstreams.request(target.provider.origin, {
      path: up.path,
      method: 'POST',
      headers: up.headers,
      body,
      signal: ctx.abort,
    });
  } catch (err) {
    return transportFailure(ctx, err, target);
  }
  if (resp.statusCode < 200 || resp.statusCode >= 300) return upstreamFailure(resp, target);
  const wctx = wireContext(ctx, target, deps);
  return parsed.stream ? streamTranslated(ctx, adapter, target, resp, wctx, deps.maxResponseBytes) : jsonTranslated(ctx, adapter, target, resp, wctx, deps.maxResponseBytes);
}

interface Built {
  parsed: ParsedRequest;
  up: UpstreamRequest;
  body: Buffer | string;
}

/**
 * The upstream request from a parse. `encode` turns the translated text into the
 * bytes it stands for (null: it cannot, so the caller falls back); without one
 * the text is the body.
 */
function upstreamRequest(ctx: RequestContext, adapter: ProviderAdapter, target: Target, deps: AttemptDeps, parsed: ParsedRequest, encode: ((text: string) => Buffer | null) | null): Built | null {
  // Shape first: restoring reasoning walks the messages, so a wrong-typed body must be refused before it.
  checkTranslatable(parsed.chat);
  const chat: ChatRequest = fitReasoningEffort(restoreReasoning({ ...parsed.chat, model: target.model }, target, deps.sealer ?? SEALING_OFF, ctx.id), target);
  if (parsed.stream) chat.stream_options = { ...(parsed.chat.stream_options ?? {}), include_usage: true };
  // Responses clients have no way to mark cache breakpoints (docs/decisions.md, "prompt caching").
  const up = translateRequest(adapter, target, chat, ctx.wire.api === 'responses');
  if (!encode) return { parsed, up, body: up.body };
  const body = encode(up.body);
  return body ? { parsed, up, body } : null;
}

function byteSpaceRequest(ctx: RequestContext, adapter: ProviderAdapter, target: Target, deps: AttemptDeps): Built | null {
  const bytes = byteSpaceParsed(ctx);
  return bytes && !carriesReasoning(bytes.chat) ? upstreamRequest(ctx, adapter, target, deps, bytes, byteSpaceBytes) : null;
}

/**
 * On the skeleton with the long strings lifted out, for an adapter that only
 * moves string content. Any refusal here is left to the whole-body paths, so
 * the client gets the error those give.
 */
function liftedRequest(ctx: RequestContext, adapter: ProviderAdapter, target: Target, deps: AttemptDeps): Built | null {
  if (!adapter.opaqueStrings) return null;
  const lifted = liftedParsed(ctx);
  if (!lifted || carriesReasoning(lifted.parsed.chat)) return null;
  try {
    return upstreamRequest(ctx, adapter, target, deps, lifted.parsed, (text) => spliceLiterals(text, lifted.body));
  } catch {
    return null;
  }
}

/** Read before the shape check, so it must take any value (a null message is refused later, with a 400). */
function carriesReasoning(chat: ChatRequest): boolean {
  const messages: unknown = chat.messages;
  if (!Array.isArray(messages)) return false;
  return messages.some((m: unknown) => typeof m === 'object' && m !== null && ('reasoning_seals' in m || 'reasoning_details' in m));
}

/**
 * The shape check above catches what we know a translator reads; a body that
 * still trips one is the caller's input too, so it is a 400 in the caller's
 * format rather than a 500 (the cause stays in the error for the debug log).
 */
function translateRequest(adapter: ProviderAdapter, target: Target, chat: ChatRequest, autoCache: boolean): ReturnType<ProviderAdapter['chatRequest']> {
  try {
    return adapter.chatRequest(target.provider.conn, chat, { autoCache });
  } catch (err) {
    if (err instanceof SwitchyardError) throw err;
    throw new SwitchyardError('VALIDATION_FAILED', `the request could not be translated for provider type '${target.provider.type}': check the types of messages, content parts and tools`, { cause: err });
  }
}

async function jsonTranslated(ctx: RequestContext, adapter: ProviderAdapter, target: Target, resp: Resp, wctx: WireContext, max?: number): Promise<AttemptResult> {
  let body: unknown;
  try {
    body = JSON.parse((await collect(resp.body, max)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) {
      const error = new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' answered with malformed JSON`, { status: 502, expose: true });
      return { kind: 'failed', error, upstreamStatus: 502, retryAfterMs: undefined };
    }
    return transportFailure(ctx, err, target);
  }
  let rendered: string;
  let usage: ChatUsage | undefined;
  try {
    const chat = adapter.parseChatResponse(body, target.model);
    usage = chat.usage;
    rendered = JSON.stringify(ctx.wire.render(chat, wctx));
  } catch (err) {
    const error = err instanceof SwitchyardError ? err : new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' answered in an unexpected shape`, { status: 502, expose: true });
    return { kind: 'failed', error, upstreamStatus: 502, retryAfterMs: undefined };
  }
  ctx.ttfbMs = Date.now() - ctx.start;
  sendJson(ctx, 200, rendered);
  if (ctx.responses) ctx.responses.answer = rendered;
  return { kind: 'done', outcome: { status: 200, usage: toTokenUsage(usage), errorCode: null } };
}

async function streamTranslated(ctx: RequestContext, adapter: ProviderAdapter, target: Target, resp: Resp, wctx: WireContext, max = DEFAULT_MAX_RESPONSE_BYTES): Promise<AttemptResult> {
  const parser = new SseParser();
  const translator = adapter.chatStream(target.model);
  const encoder = ctx.wire.streamEncoder(wctx);
  let usage: ChatUsage | null = null;
  let started = false;
  // The opening events are made before the first chunk is encoded, so that numbered events (a
  // Responses stream's sequence_number) go out in order; they are sent with the first output.
  let opening: string | null = null;
  const encode = (chunks: ReturnType<typeof translator.push>): string => {
    let out = '';
    for (const c of chunks) {
      if (c.usage) usage = c.usage;
      opening ??= encoder.start();
      out += encoder.chunk(c);
    }
    if (out && !started) {
      started = true;
      out = (opening ?? '') + out;
    }
    return out;
  };
  const commit = () => {
    ctx.ttfbMs = Date.now() - ctx.start;
    const h = baseHeaders(ctx, 'text/event-stream');
    h['cache-control'] = 'no-cache';
    ctx.res.writeHead(200, h);
  };
  // The translators keep what the closing events repeat (a Responses stream's whole output), so
  // their memory grows with the answer: bound it like a buffered answer (#20 item 8).
  let seen = 0;
  const onChunk = (chunk: Buffer): string => {
    seen += chunk.length;
    if (seen > max) throw answerTooLarge(max);
    let out = '';
    for (const ev of parser.pushBytes(chunk)) out += encode(translator.push(ev));
    return out;
  };
  const end = await pump(resp.body, ctx.res, { onChunk, commit });
  if (ctx.abort.aborted) return clientGone(ctx, (e) => encoder.error(e));
  if (!end.ok) return streamFailure(ctx, end, toTokenUsage(usage), (e) => encoder.error(e));
  let tail: string;
  try {
    tail = '';
    for (const ev of parser.end()) tail += encode(translator.push(ev));
    tail += encode(translator.end());
  } catch (error) {
    return streamFailure(ctx, { ok: false, committed: end.committed, error }, toTokenUsage(usage), (e) => encoder.error(e));
  }
  if (!end.committed && !tail) {
    const error = new SwitchyardError('UPSTREAM_ERROR', 'the provider closed the stream without sending anything', { expose: true });
    return { kind: 'failed', error, upstreamStatus: null, retryAfterMs: undefined };
  }
  if (!end.committed) commit();
  ctx.res.end((started ? '' : (opening ?? encoder.start())) + tail + encoder.end());
  if (ctx.responses) ctx.responses.answer = encoder.final?.() ?? null;
  return { kind: 'done', outcome: { status: 200, usage: toTokenUsage(usage), errorCode: null } };
}
