import type { Logger } from 'pino';
import type { Config } from '../core/index.js';
import type { Gateway } from '../gateway/index.js';
import type { AuditLog, GuardVariables } from '../guard/index.js';
import type { ChangeBus, Repos, SnapshotRepo } from '../storage/index.js';
import type { TunnelManager } from '../tunnels/index.js';

// The types every route module shares; kept out of index.ts so the route files and the
// module that assembles them do not import each other.
export interface ManagementDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  instanceDir: string;
  audit: AuditLog;
  /** The data plane: provider health and live tests. */
  gateway: Gateway;
  /** Whole-database export/import/wipe; absent → those routes answer 503. */
  snapshot?: SnapshotRepo;
  env?: NodeJS.ProcessEnv;
  /** Asks the server to shut down gracefully (POST /api/shutdown). */
  requestShutdown: () => void;
  /** Public tunnels; absent → /api/tunnels/* answer 503. */
  tunnels?: TunnelManager;
  /** Prometheus metrics (`GET /metrics`, guard refusals, lockouts); absent → /metrics answers 404. */
  metrics?: MetricsPort;
}

/** What the management plane needs of the metrics registry (the server wires src/metrics in). */
export interface MetricsPort {
  render(): Promise<{ contentType: string; body: string }>;
  onDenied(code: string): void;
  onLockout(): void;
}

export type ApiEnv = { Variables: GuardVariables };
