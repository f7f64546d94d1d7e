import type { Logger } from 'pino';
import type { SwitchyardError } from '../../core/index.js';
import type { ReasoningSealer } from '../reasoning/seal.js';
import type { Outcome, RequestContext } from '../request-context.js';
import type { Target } from '../routing/index.js';
import type { Upstreams } from '../upstream/index.js';

/**
 * How one attempt at one target ended. `done`: the client has its answer (or,
 * after the first byte, the error that ended it) — no fallback possible.
 * `failed`: nothing reached the client; the pipeline decides whether to fall back.
 */
export type AttemptResult =
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'failed'; error: SwitchyardError; upstreamStatus: number | null; retryAfterMs: number | undefined };

export interface AttemptDeps {
  upstreams: Upstreams;
  /** upstream.maxResponseBytes; the collect default when absent. */
  maxResponseBytes?: number;
  logger: Logger;
  /** Seals and reopens reasoning on translated paths; absent: sealing off. */
  sealer?: ReasoningSealer;
}

/** One way of serving a request with one target (translated, pass-through, native…). */
export type AttemptFn = (ctx: RequestContext, target: Target, deps: AttemptDeps) => Promise<AttemptResult>;
