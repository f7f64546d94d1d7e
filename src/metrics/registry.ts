/**
 * Prometheus metrics (prom-client, own registry). Requests are counted from
 * the usage row each /v1 request ends with, so the hot path gains one call,
 * not a metric per stage, into plain maps (series.ts). Gauges are read when
 * Prometheus scrapes.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { UsageRecord } from '../core/index.js';
import { BoundedLabel } from './labels.js';
import { collectProcessMetrics } from './process-metrics.js';
import { SeriesCounter, SeriesHistogram } from './series.js';
import type { Metrics, MetricsSources } from './types.js';

/** The model label of a request whose model no catalogue lists (the upstream accepted a name the client typed). */
const UNLISTED = 'unlisted';
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const DENIAL_CODES = new Set([
  'AUTH_REQUIRED',
  'INVALID_TOKEN',
  'INVALID_PASSWORD',
  'INSUFFICIENT_SCOPE',
  'LOCAL_ONLY',
  'HOST_NOT_ALLOWED',
  'CSRF_FAILED',
  'LOCKED_OUT',
  'CREDENTIAL_STORE_UNAVAILABLE',
]);

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const register = new Registry();
  if (opts.defaultMetrics !== false) collectProcessMetrics(register);
  const providers = new BoundedLabel(200);
  const models = new BoundedLabel(2000);
  let sources: MetricsSources | null = null;

  const requests = new SeriesCounter('switchyard_requests_total', 'Finished /v1 requests of an inference key, by API, provider, model (catalogue) and HTTP status');
  const latency = new SeriesHistogram('switchyard_upstream_latency_seconds', 'Time from request start to the end of the answer', LATENCY_BUCKETS);
  const ttfb = new SeriesHistogram('switchyard_upstream_ttfb_seconds', 'Time from request start to the first byte of the upstream answer', LATENCY_BUCKETS);
  const tokens = new SeriesCounter('switchyard_tokens_total', 'Tokens, by provider, model and kind (input, output, cached_input, cache_write; the cache kinds are part of input)');
  const cost = new SeriesCounter('switchyard_cost_usd_total', 'Cost in USD at the catalogue prices');
  const fallbacks = new SeriesCounter('switchyard_fallbacks_total', 'Attempts beyond the first (a fallback to the next target)');
  // Rendered by the registry like its own metrics (it reads name, help, type and values at scrape time).
  for (const m of [requests, latency, ttfb, tokens, cost, fallbacks]) register.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
  const denials = new Counter({
    name: 'switchyard_guard_denials_total',
    help: 'Management requests refused, by stable error code (LOCKED_OUT: lockouts)',
    labelNames: ['code'],
    registers: [register],
  });
  const lockouts = new Counter({
    name: 'switchyard_lockouts_total',
    help: 'Client addresses locked out after repeated wrong management passwords',
    registers: [register],
  });
  new Gauge({
    name: 'switchyard_inflight_requests',
    help: '/v1 requests in flight',
    registers: [register],
    collect() {
      if (sources) this.set(sources.gauges().inflightRequests);
    },
  });
  new Gauge({
    name: 'switchyard_inflight_streams',
    help: '/v1 streaming requests in flight',
    registers: [register],
    collect() {
      if (sources) this.set(sources.gauges().inflightStreams);
    },
  });
  new Gauge({
    name: 'switchyard_usage_queue_depth',
    help: 'Usage rows waiting to be written',
    registers: [register],
    collect() {
      if (sources) this.set(sources.gauges().usageQueueDepth);
    },
  });
  new Counter({
    name: 'switchyard_usage_dropped_total',
    help: 'Usage rows dropped because the database refused writes for too long',
    registers: [register],
    collect() {
      if (!sources) return;
      this.reset();
      this.inc(sources.gauges().usageDropped);
    },
  });
  new Gauge({
    name: 'switchyard_target_cooling_down',
    help: '1 while a routing target is in cooldown after failures',
    labelNames: ['provider', 'target'],
    registers: [register],
    async collect() {
      if (!sources) return;
      this.reset();
      // Targets a client named that no catalogue lists share one `unlisted` series per provider (cooling if any is).
      const series = new Map<string, { provider: string; target: string; value: number }>();
      for (const t of await sources.targets()) {
        const provider = providers.value(t.provider);
        const target = t.catalogued ? models.value(t.target) : UNLISTED;
        const k = `${provider}\n${target}`;
        const value = Math.max(series.get(k)?.value ?? 0, t.coolingDown ? 1 : 0);
        series.set(k, { provider, target, value });
      }
      for (const { provider, target, value } of series.values()) this.set({ provider, target }, value);
    },
  });

  return {
    onRequest(row: UsageRecord, catalogued: boolean) {
      const provider = providers.value(row.provider);
      // row.model is the resolved target's model: a label only when a catalogue lists it, never a client's free text.
      const model = row.provider === null ? 'none' : catalogued ? models.value(row.model) : UNLISTED;
      const api = row.api;
      const status = String(row.status);
      const pm = `${provider}\u0001${model}`;
      requests.add(`${api}\u0001${pm}\u0001${status}`, () => ({ api, provider, model, status }));
      const ap = `${api}\u0001${provider}`;
      latency.observe(ap, () => ({ api, provider }), row.latencyMs / 1000);
      if (row.ttfbMs !== null) ttfb.observe(ap, () => ({ api, provider }), row.ttfbMs / 1000);
      if (row.inputTokens) tokens.add(`${pm}\u0001input`, () => ({ provider, model, kind: 'input' }), row.inputTokens);
      if (row.outputTokens) tokens.add(`${pm}\u0001output`, () => ({ provider, model, kind: 'output' }), row.outputTokens);
      if (row.cachedInputTokens) tokens.add(`${pm}\u0001cached_input`, () => ({ provider, model, kind: 'cached_input' }), row.cachedInputTokens);
      if (row.cacheWriteTokens) tokens.add(`${pm}\u0001cache_write`, () => ({ provider, model, kind: 'cache_write' }), row.cacheWriteTokens);
      if (row.costUsd > 0) cost.add(pm, () => ({ provider, model }), row.costUsd);
      if (row.fallbackPath.length > 1) fallbacks.add(api, () => ({ api }), row.fallbackPath.length - 1);
    },
    onDenied(code) {
      // A fixed set: a code outside it is a bug elsewhere, not a new series.
      denials.inc({ code: DENIAL_CODES.has(code) ? code : 'OTHER' });
    },
    onLockout() {
      lockouts.inc();
    },
    bind(s) {
      sources = s;
    },
    async render() {
      return { contentType: register.contentType, body: await register.metrics() };
    },
  };
}
