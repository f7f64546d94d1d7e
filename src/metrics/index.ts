export { createMetrics } from './registry.js';
export type { GatewayGauges, Metrics, MetricsSources, TargetHealth } from './types.js';
