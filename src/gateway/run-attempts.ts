import { SwitchyardError } from '../core/index.js';
import { chooseAttempt, type AttemptDeps, type AttemptResult } from './attempt/index.js';
import type { Outcome, RequestContext } from './request-context.js';
import { attemptOrder, classifyStatus, orderTargets, type HealthTracker, type RoundRobinState, type Route, type Target } from './routing/index.js';
import { sendError } from './http/reply.js';
import { clientGone } from './attempt/upstream-failure.js';

export interface AttemptRunDeps extends AttemptDeps {
  health: HealthTracker;
  roundRobin: RoundRobinState;
}

type Failed = Extract<AttemptResult, { kind: 'failed' }>;

/** The error the caller sees when every target failed (or one failed in a way that is not retried). */
function finalError(f: Failed, target: Target): SwitchyardError {
  const s = f.upstreamStatus;
  if (s === 401 || s === 402 || s === 403) {
    return new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' refused its credential (HTTP ${s}): ${f.error.message}`, { status: 502, expose: true });
  }
  const retryAfterSec = f.retryAfterMs === undefined ? undefined : Math.ceil(f.retryAfterMs / 1000);
  if (retryAfterSec === undefined) return f.error;
  return new SwitchyardError(f.error.code, f.error.message, { status: f.error.status, expose: true, retryAfterSec, details: f.error.details });
}

/**
 * Tries the route's targets in strategy order (cooling ones skipped) until one
 * answers. SPEC §1: connect errors, timeouts, 408/409/429/5xx → next target;
 * 401/402/403 → mark the connection unhealthy, next; other 4xx → returned as
 * is. A stream never falls back once its first byte reached the client (the
 * attempt then reports `done`).
 */
export async function runAttempts(ctx: RequestContext, route: Route, deps: AttemptRunDeps): Promise<{ outcome: Outcome; target: Target | null }> {
  const now = Date.now();
  const order = attemptOrder(orderTargets(route.combo, route.targets, deps.roundRobin), deps.health, now);
  let last: { failed: Failed; target: Target } | null = null;
  for (const target of order) {
    if (ctx.abort.aborted) break;
    ctx.provider = target.provider.name;
    ctx.model = target.model;
    const result = await chooseAttempt(ctx.wire.api, target)(ctx, target, deps);
    if (result.kind === 'done') {
      const { outcome } = result;
      ctx.fallbackPath.push(`${target.address}:${outcome.status}`);
      if (outcome.status < 400) deps.health.success(target, Date.now());
      else if (outcome.status !== 499) deps.health.failure(target, outcome.status, outcome.errorCode ?? 'stream failed', undefined, Date.now());
      return { outcome, target };
    }
    const status = result.upstreamStatus;
    ctx.fallbackPath.push(`${target.address}:${status ?? result.error.code.toLowerCase()}`);
    const action = status === null ? 'fallback' : classifyStatus(status);
    if (deps.logger.isLevelEnabled('debug')) {
      deps.logger.debug({ requestId: ctx.id, target: target.address, status, action, err: result.error.message }, 'attempt failed');
    }
    if (action === 'return') {
      sendError(ctx, result.error);
      return { outcome: { status: result.error.status, usage: null, errorCode: result.error.code }, target };
    }
    if (action === 'unhealthy') deps.health.unhealthy(target.provider.name, status ?? 0, result.error.message, Date.now());
    else deps.health.failure(target, status, result.error.message, result.retryAfterMs, Date.now());
    last = { failed: result, target };
  }
  if (ctx.abort.aborted) {
    const gone = clientGone(ctx);
    if (gone.kind === 'done') {
      if (gone.outcome.status === 503) sendError(ctx, new SwitchyardError('SHUTTING_DOWN', 'the server is shutting down', { expose: true, retryAfterSec: 1 }));
      return { outcome: gone.outcome, target: last?.target ?? null };
    }
  }
  const err = last
    ? finalError(last.failed, last.target)
    : new SwitchyardError('NO_TARGET_AVAILABLE', 'no target could be tried', { expose: true });
  sendError(ctx, err);
  return { outcome: { status: err.status, usage: null, errorCode: err.code }, target: last?.target ?? null };
}
