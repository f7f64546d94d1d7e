import type { UsageRecord } from '../core/index.js';

/** What the gateway reports at scrape time (cheap reads, no I/O on the request path). */
export interface GatewayGauges {
  inflightRequests: number;
  inflightStreams: number;
  usageQueueDepth: number;
  usageDropped: number;
}

/** Cooldown state per routing target, read from the gateway's status at scrape time. */
export interface TargetHealth {
  provider: string;
  target: string;
  coolingDown: boolean;
  /** Listed by its provider or preset; an unlisted target is not named in a label. */
  catalogued: boolean;
}

export interface MetricsSources {
  gauges(): GatewayGauges;
  targets(): Promise<TargetHealth[]>;
}

export interface Metrics {
  /** One finished /v1 request (the usage row the gateway writes anyway). */
  onRequest(row: UsageRecord, catalogued: boolean): void;
  /** A management request the guard (or a handler) refused, by its stable code. */
  onDenied(code: string): void;
  /** An address just got locked out (the guard's lockout). */
  onLockout(): void;
  bind(sources: MetricsSources): void;
  render(): Promise<{ contentType: string; body: string }>;
}
