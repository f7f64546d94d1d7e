/**
 * prom-client's default process metrics (CPU, memory, heap spaces, handles,
 * file descriptors, event-loop lag, version) without its GC histogram. That
 * one watches every collection through a perf_hooks observer, and measured
 * here it cost a non-stream request ~8 % more CPU (bench `metrics-c64`:
 * +8–11 % with it, +2.4 % without it, +0.6 % with no default metrics), against
 * the 3 % that all metrics may cost (#16). Heap and CPU figures remain.
 */
import type { Registry } from 'prom-client';
import eventLoopLag from 'prom-client/lib/metrics/eventLoopLag.js';
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed.js';
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed.js';
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap.js';
import processCpuTotal from 'prom-client/lib/metrics/processCpuTotal.js';
import processHandles from 'prom-client/lib/metrics/processHandles.js';
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors.js';
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors.js';
import processRequests from 'prom-client/lib/metrics/processRequests.js';
import processResources from 'prom-client/lib/metrics/processResources.js';
import processStartTime from 'prom-client/lib/metrics/processStartTime.js';
import version from 'prom-client/lib/metrics/version.js';

const COLLECTORS = [
  processCpuTotal,
  processStartTime,
  osMemoryHeap,
  processOpenFileDescriptors,
  processMaxFileDescriptors,
  eventLoopLag,
  processHandles,
  processRequests,
  processResources,
  heapSizeAndUsed,
  heapSpacesSizeAndUsed,
  version,
];

export function collectProcessMetrics(register: Registry): void {
  // The same configuration collectDefaultMetrics gives them.
  const config = { register, eventLoopMonitoringPrecision: 10 };
  for (const collect of COLLECTORS) collect(register, config);
}
