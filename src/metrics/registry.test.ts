import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageRecord } from '../core/index.js';
import { createMetrics } from './registry.js';

const row = { provider: 'mock', model: 'm', api: 'chat', status: 200, latencyMs: 120, ttfbMs: 30, inputTokens: 24, outputTokens: 160, cachedInputTokens: 4, cacheWriteTokens: 0, costUsd: 0.5, fallbackPath: ['a', 'b'] } as unknown as UsageRecord;

test('per-request series render as Prometheus counters and cumulative histograms', async () => {
  const m = createMetrics({ defaultMetrics: false });
  m.onRequest(row, true);
  m.onRequest({ ...row, status: 429, latencyMs: 3_000 } as UsageRecord, false);
  const body = (await m.render()).body;
  assert.match(body, /^switchyard_requests_total\{api="chat",provider="mock",model="m",status="200"\} 1$/m);
  assert.match(body, /^switchyard_requests_total\{api="chat",provider="mock",model="unlisted",status="429"\} 1$/m);
  assert.match(body, /^# TYPE switchyard_upstream_latency_seconds histogram$/m);
  assert.match(body, /^switchyard_upstream_latency_seconds_bucket\{api="chat",provider="mock",le="0.25"\} 1$/m);
  assert.match(body, /^switchyard_upstream_latency_seconds_bucket\{api="chat",provider="mock",le="5"\} 2$/m);
  assert.match(body, /^switchyard_upstream_latency_seconds_bucket\{api="chat",provider="mock",le="\+Inf"\} 2$/m);
  assert.match(body, /^switchyard_upstream_latency_seconds_sum\{api="chat",provider="mock"\} 3.12$/m);
  assert.match(body, /^switchyard_tokens_total\{provider="mock",model="m",kind="cached_input"\} 4$/m);
  assert.match(body, /^switchyard_fallbacks_total\{api="chat"\} 2$/m);
});

test('process metrics are there, without the GC histogram (its observer cost a request ~8 % CPU)', async () => {
  const body = (await createMetrics().render()).body;
  for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_version_info']) {
    assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
  assert.doesNotMatch(body, /nodejs_gc_duration_seconds/);
});
