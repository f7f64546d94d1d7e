import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config, UsageRecord } from '../core/index.js';
import type { ChangeBus, Repos } from '../storage/index.js';
import { SHUTDOWN } from './attempt/upstream-failure.js';
import { createHandler, type RequestTracker } from './handler.js';
import { createInferenceAuth } from './inference-auth/index.js';
import { InflightList } from './inflight.js';
import { createRouteTable, HealthTracker, RoundRobinState } from './routing/index.js';
import { gatewayStatus, testProvider, type GatewayStatus, type ProviderTestResult } from './status.js';
import { createUsageRecorder } from './usage/recorder.js';
import { createUpstreams } from './upstream/index.js';

export type { GatewayStatus, ProviderStatus, ProviderTestResult, TargetStatus } from './status.js';

export interface GatewayDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  /** Sees every usage row as it is queued (metrics); must not throw or block. */
  onRecord?: (row: UsageRecord) => void;
}

/** Cheap counts for a metrics scrape. */
export interface GatewayGauges {
  inflightRequests: number;
  inflightStreams: number;
  usageQueueDepth: number;
  usageDropped: number;
}

export interface Gateway {
  /** Serves one `/v1/*` request on raw node:http objects (the hot path). */
  handle(req: IncomingMessage, res: ServerResponse): void;
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
  const { config, repos, events, logger } = deps;
  const refreshMs = config.databaseUrl ? SHARED_DB_REFRESH_MS : undefined;
  const auth = createInferenceAuth({ repos, events, logger, refreshMs, shared: Boolean(config.databaseUrl) });
  const routes = createRouteTable({ repos, events, logger, refreshMs });
  const health = new HealthTracker();
  // A provider edit (new credential, URL) gets a clean slate.
  events.on('providers', () => health.reset());
  const upstreams = createUpstreams(config.upstream);
  const recorder = createUsageRecorder({
    repo: repos.usage,
    flushMs: config.usageFlushMs,
    logger,
    afterFlush: () => auth.flushLastUsed(),
  });
  const onRecord = deps.onRecord;
  // The one metrics hook on the request path: the row every request ends with anyway.
  const usage = onRecord
    ? { ...recorder, record: (row: UsageRecord) => (recorder.record(row), onRecord(row)) }
    : recorder;
  const tracker: RequestTracker = { inflight: new InflightList(), draining: false };
  const handle = createHandler(
    { config, logger, auth, routes, usage, upstreams, health, roundRobin: new RoundRobinState() },
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
      await usage.drain();
      await auth.flushLastUsed().catch((err: unknown) => logger.error({ err }, 'writing key last-used times failed'));
      await upstreams.close();
    },
    status: () => gatewayStatus(repos, health),
    testProvider: (idOrName) => testProvider(repos, upstreams, health, idOrName),
    gauges() {
      let streams = 0;
      for (const ctx of tracker.inflight.values()) if (ctx.parsed?.stream) streams++;
      return { inflightRequests: tracker.inflight.size, inflightStreams: streams, usageQueueDepth: recorder.pending(), usageDropped: recorder.dropped() };
    },
  };
}
