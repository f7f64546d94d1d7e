import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { costUsd, SwitchyardError, toSwitchyardError, type Config, type UsageRecord } from '../core/index.js';
import { applyCors } from './http/cors.js';
import type { InflightList } from './inflight.js';
import { readBody } from './http/read-body.js';
import { exactJson, parseRequest } from './request-body.js';
import { sendError, sendJson } from './http/reply.js';
import type { InferenceAuth } from './inference-auth/index.js';
import { modelsBody } from './models-route.js';
import { nextRequestId } from './request-id.js';
import { newContext, type Outcome, type RequestContext } from './request-context.js';
import { resolveRoute, type RouteTable, type Target } from './routing/index.js';
import { runAttempts, type AttemptRunDeps } from './run-attempts.js';
import { prepareTurn, serveStoredResponse, STORED_PREFIX, type ResponseStore } from './stored-responses/index.js';
import type { UsageRecorder } from './usage/recorder.js';
import { countMessageTokens, defaultWire, responsesWire, wireForPath } from './wire/index.js';

export interface HandlerDeps extends AttemptRunDeps {
  config: Config;
  logger: Logger;
  auth: InferenceAuth;
  routes: RouteTable;
  usage: UsageRecorder;
  /** Stored Responses API responses. */
  responses: ResponseStore;
  /** Sees every usage row as it is queued (metrics); `catalogued`: the row's model is a listed one. */
  onRecord?: (row: UsageRecord, catalogued: boolean) => void;
}

export interface RequestTracker {
  /** In-flight requests, for drain. */
  readonly inflight: InflightList<RequestContext>;
  draining: boolean;
}

/** The whole /v1 request lifecycle; never throws, always answers. */
export function createHandler(deps: HandlerDeps, tracker: RequestTracker) {
  const limit = deps.config.bodyLimitBytes;
  const corsOrigins = new Set(deps.config.corsOrigins);

  function record(ctx: RequestContext, outcome: Outcome, target: Target | null): void {
    if (!ctx.key) return; // unauthenticated traffic is logged, not stored (it could flood the table)
    const u = outcome.usage;
    const cost = u && target ? costUsd(u, target.price) : 0;
    const now = Date.now();
    const row: UsageRecord = {
      requestId: ctx.id,
      ts: ctx.start,
      keyId: ctx.key.id,
      api: ctx.wire.api,
      stream: ctx.parsed?.stream ?? false,
      provider: target?.provider.name ?? null,
      model: target?.model ?? null,
      combo: ctx.route?.combo?.name ?? null,
      inputTokens: u?.inputTokens ?? 0,
      outputTokens: u?.outputTokens ?? 0,
      cachedInputTokens: u?.cachedInputTokens ?? 0,
      cacheWriteTokens: u?.cacheWriteTokens ?? 0,
      costUsd: cost,
      latencyMs: now - ctx.start,
      ttfbMs: ctx.ttfbMs,
      status: outcome.status,
      errorCode: outcome.errorCode,
      fallbackPath: ctx.fallbackPath,
    };
    deps.usage.record(row);
    // The one metrics hook on the request path: the row every request ends with anyway.
    deps.onRecord?.(row, target?.catalogued === true);
    if (cost > 0) deps.auth.spent(ctx.key.id, cost, now);
  }

  async function serve(ctx: RequestContext, path: string, refusal: SwitchyardError | undefined): Promise<void> {
    const { req } = ctx;
    const early = wireForPath(path);
    if (early) ctx.wire = early;
    // Before anything else (even the models list): the server's DNS-rebinding verdict.
    if (refusal) throw refusal;
    if (tracker.draining) throw new SwitchyardError('SHUTTING_DOWN', 'the server is shutting down', { expose: true, retryAfterSec: 1 });
    if (req.method === 'GET' && path === '/v1/models') {
      const k = deps.auth.authenticate(req.headers, ctx.start);
      ctx.key = k instanceof Promise ? await k : k;
      const snap = deps.routes.peek() ?? (await deps.routes.get());
      sendJson(ctx, 200, modelsBody(snap, ctx.key, deps.auth.allows));
      return;
    }
    if (path.startsWith(STORED_PREFIX) && path.length > STORED_PREFIX.length) {
      ctx.wire = responsesWire;
      const k = deps.auth.authenticate(req.headers, ctx.start);
      ctx.key = k instanceof Promise ? await k : k;
      await serveStoredResponse(ctx, path, ctx.key, deps.responses);
      return;
    }
    const wire = early;
    if (!wire) throw new SwitchyardError('NOT_FOUND', `no route ${req.method} ${path}; this gateway serves POST /v1/chat/completions, /v1/responses, /v1/messages, /v1/messages/count_tokens, GET and DELETE /v1/responses/{id} and GET /v1/models`);
    if (req.method !== 'POST') throw new SwitchyardError('BAD_REQUEST', `${path} takes POST, not ${req.method}`, { status: 405 });
    // Authenticate from the headers before reading a stranger's body.
    const k = deps.auth.authenticate(req.headers, ctx.start);
    const key = k instanceof Promise ? await k : k;
    ctx.key = key;
    ctx.bodyBytes = await readBody(req, limit);
    if (path === '/v1/messages/count_tokens') {
      sendJson(ctx, 200, JSON.stringify(countMessageTokens(exactJson(ctx))));
      return;
    }
    const parsed = parseRequest(ctx, wire);
    ctx.parsed = parsed;
    ctx.model = parsed.model;
    const allowed = deps.auth.authorize(key, parsed.model, ctx.start);
    if (allowed) await allowed;
    // After the key's limits passed: a refused request reads no stored conversation. Replaces ctx.parsed (same model).
    if (wire.api === 'responses') await prepareTurn(ctx, deps.responses, wire);
    const route = resolveRoute(deps.routes.peek() ?? (await deps.routes.get()), parsed.model);
    ctx.route = route;
    const { outcome, target } = await runAttempts(ctx, route, deps);
    // After the last byte went out; started before this request ends, so a follow-up finds it (store.ts).
    if (ctx.responses && outcome.status === 200) deps.responses.save(ctx.responses, key.id);
    record(ctx, outcome, target);
  }

  function fail(ctx: RequestContext, thrown: unknown): void {
    const err = toSwitchyardError(thrown);
    if (err.status >= 500) deps.logger.warn({ requestId: ctx.id, err: thrown }, 'request failed');
    else if (deps.logger.isLevelEnabled('debug')) deps.logger.debug({ requestId: ctx.id, code: err.code }, 'request refused');
    sendError(ctx, err);
    if (ctx.res.headersSent && !ctx.res.writableEnded) ctx.res.end();
    // A refused request after authentication is still a request of that key.
    record(ctx, { status: err.status, usage: null, errorCode: err.code }, null);
  }

  return function handle(req: IncomingMessage, res: ServerResponse, refusal?: SwitchyardError): void {
    if ((corsOrigins.size > 0 || req.method === 'OPTIONS') && applyCors(req, res, corsOrigins)) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const ctx = newContext(nextRequestId(), req, res, defaultWire);
    const leave = tracker.inflight.add(ctx);
    res.once('close', () => {
      if (!res.writableFinished) ctx.abort.abort();
    });
    void run(ctx, path, leave, refusal);
  };

  async function run(ctx: RequestContext, path: string, leave: () => void, refusal: SwitchyardError | undefined): Promise<void> {
    try {
      await serve(ctx, path, refusal);
    } catch (err) {
      try {
        fail(ctx, err);
      } catch (err2) {
        deps.logger.error({ err: err2 }, 'error while failing a request');
      }
    } finally {
      leave();
    }
  }
}
