export * from './types.js';
export { createRouteTable, logUnreadableCredentials, type RouteTable } from './route-table.js';
export { resolveRoute } from './resolve.js';
export { orderTargets, RoundRobinState } from './strategies.js';
export { classifyStatus, parseRetryAfter, type FailureAction } from './fallback-policy.js';
export { HealthTracker, attemptOrder, type HealthNews, type TargetHealth, type ProviderHealth } from './cooldown.js';
export { shareHealth, type HealthChannel } from './shared-health.js';
export { buildSnapshot, makeTarget, toRouteProvider } from './build-snapshot.js';
