import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config, SwitchyardError, UsageRecord } from '../core/index.js';
import type { ChangeBus, Repos, SharedCounters } from '../storage/index.js';
import { SHUTDOWN } from './attempt/upstream-failure.js';
import { createHandler, type RequestTracker } from './handler.js';
import { createInferenceAuth } from './inference-auth/index.js';
import { InflightList } from './inflight.js';
import { createReasoningSealer } from './reasoning/seal.js';
import { createResponseStore } from './stored-responses/index.js';
import { createRouteTable, logUnreadableCredentials, HealthTracker, RoundRobinState, shareHealth, type HealthChannel } from './routing/index.js';
import { gatewayStatus, testProvider, type GatewayStatus, type ProviderTestResult } from './status.js';
import { createUsageRecorder } from './usage/recorder.js';
import { createUpstreams } from './upstream/index.js';

export type { GatewayStatus, ProviderStatus, ProviderTestResult, TargetStatus } from './status.js';

export interface GatewayDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  /** Shared rate-limit and budget counters (PostgreSQL fleets); absent → per-process limits. */
  counters?: SharedCounters;
  /** Upstream health news between instances (PostgreSQL fleets); absent → health per process. */
  healthChannel?: HealthChannel;
  /** The instance secret key: reasoning is sealed under a key derived from it. null/absent: sealing off. */
  secretKey?: Buffer | null;
  /**
   * Sees every usage row as it is queued (metrics); must not throw or block.
   * `catalogued`: the row's model is listed by its provider or preset, not only a name a client typed.
   */
  onRecord?: (row: UsageRecord, catalogued: boolean) => void;
}

/** Cheap counts for a metrics scrape. */
export interface GatewayGauges {
  inflightRequests: number;
  inflightStreams: number;
  usageQueueDepth: number;
  usageDropped: number;
}

export interface Gateway {
  /**
   * Serves one `/v1/*` request on raw node:http objects (the hot path). With
   * `refusal` (the server's DNS-rebinding verdict) it answers that error in the
   * caller's format and reads nothing.
   */
  handle(req: IncomingMessage, res: ServerResponse, refusal?: SwitchyardError): void;
  /** Waits for in-flight requests (up to graceMs), then flushes usage. */
  drain(graceMs: number): Promise<void>;
  /** Per-provider and per-target health and cooldowns, as this process sees them. */
  status(): Promise<GatewayStatus>;
  /** Calls a provider for real (model list or a one-token chat). Throws NOT_FOUND for an unknown provider. */
  testProvider(idOrName: string): Promise<ProviderTestResult>;
  gauges(): GatewayGauges;
}

/** Multi-instance (PostgreSQL): other instances' changes arrive as events (NOTIFY); this re-read is the backstop. */
const SHARED_DB_REFRESH_MS = 30_000;

export function createGateway(deps: GatewayDeps): Gateway {
  const { config, repos, events, logger, counters } = deps;
  const refreshMs = config.databaseUrl ? SHARED_DB_REFRESH_MS : undefined;
  const auth = createInferenceAuth({ repos, events, logger, refreshMs, shared: Boolean(config.databaseUrl), counters });
  const routes = createRouteTable({ repos, events, logger, refreshMs });
  // Said at start, not only when the first request loads the table: a credential that does not open (#20 item 6).
  logUnreadableCredentials({ repos, logger }).catch(() => {}); // a store that cannot be read is the first request's error
  const health = new HealthTracker();
  if (deps.healthChannel) shareHealth(health, deps.healthChannel);
  // A provider edit (new credential, URL) gets a clean slate.
  events.on('providers', () => health.reset());
  const upstreams = createUpstreams(config.upstream);
  const usage = createUsageRecorder({
    repo: repos.usage,
    flushMs: config.usageFlushMs,
    logger,
    afterFlush: () => auth.flushLastUsed(),
  });
  const responses = createResponseStore({ repo: repos.responses, ttlMs: config.responses.storeTtlMs, maxBytes: config.responses.storeMaxBytes, logger });
  const tracker: RequestTracker = { inflight: new InflightList(), draining: false };
  const handle = createHandler(
    { config, logger, auth, routes, usage, responses, onRecord: deps.onRecord, upstreams, health, roundRobin: new RoundRobinState(), sealer: createReasoningSealer(deps.secretKey ?? null, logger), maxResponseBytes: config.upstream.maxResponseBytes },
    tracker,
  );

  async function waitInflight(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (tracker.inflight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return tracker.inflight.size === 0;
  }

  return {
    handle,
    async drain(graceMs) {
      tracker.draining = true;
      if (!(await waitInflight(graceMs))) {
        logger.warn({ inflight: tracker.inflight.size }, 'grace period over: ending the remaining requests');
        for (const ctx of tracker.inflight.values()) ctx.abort.abort(SHUTDOWN);
        await waitInflight(2_000);
      }
      await responses.flush();
      await usage.drain();
      await auth.flushLastUsed().catch((err: unknown) => logger.error({ err }, 'writing key last-used times failed'));
      await auth.close().catch((err: unknown) => logger.error({ err }, 'sending shared spend failed'));
      await upstreams.close();
    },
    status: () => gatewayStatus(repos, health),
    testProvider: (idOrName) => testProvider(repos, upstreams, health, idOrName),
    gauges() {
      let streams = 0;
      for (const ctx of tracker.inflight.values()) if (ctx.parsed?.stream) streams++;
      return { inflightRequests: tracker.inflight.size, inflightStreams: streams, usageQueueDepth: usage.pending(), usageDropped: usage.dropped() };
    },
  };
}
