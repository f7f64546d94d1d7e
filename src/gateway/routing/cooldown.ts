import type { Target } from './types.js';

/** Cooldown after consecutive failures: 5 s, 10 s, 20 s … capped at 5 min. */
export const BASE_COOLDOWN_MS = 5_000;
export const MAX_COOLDOWN_MS = 5 * 60_000;
/** A provider that refused its credential (401/402/403) is skipped this long, or until it changes. */
export const UNHEALTHY_MS = 5 * 60_000;
/** Retry-After is honoured within these bounds. */
const MIN_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export interface TargetHealth {
  failures: number;
  cooldownUntil: number;
  lastStatus: number | null;
  lastError: string | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
}

export interface ProviderHealth {
  unhealthyUntil: number;
  status: number;
  message: string;
  since: number;
}

/** A cooldown or an unhealthy provider this process saw, for the other instances (shared-health.ts). */
export type HealthNews =
  | { t: 'cool'; address: string; until: number; status: number | null; error: string }
  | { t: 'sick'; provider: string; until: number; status: number; message: string };

/** Health of targets and provider connections; with a fleet, news from other instances is merged in. */
export class HealthTracker {
  readonly targets = new Map<string, TargetHealth>();
  readonly providers = new Map<string, ProviderHealth>();
  /** Told of every local cooldown and unhealthy mark (not of merged news). */
  onNews: ((news: HealthNews) => void) | null = null;

  /** Another instance's news: extends a cooldown or an unhealthy mark, never shortens one. */
  merge(news: HealthNews, now: number): void {
    if (news.until <= now) return;
    if (news.t === 'sick') {
      const p = this.providers.get(news.provider);
      if (!p || p.unhealthyUntil < news.until) this.providers.set(news.provider, { unhealthyUntil: news.until, status: news.status, message: news.message, since: now });
      return;
    }
    let h = this.targets.get(news.address);
    if (!h) {
      h = { failures: 0, cooldownUntil: 0, lastStatus: null, lastError: null, lastFailureAt: null, lastSuccessAt: null };
      this.targets.set(news.address, h);
    }
    if (h.cooldownUntil < news.until) {
      h.cooldownUntil = news.until;
      h.lastStatus = news.status;
      h.lastError = news.error;
      h.lastFailureAt = now;
    }
  }

  /** Whether a target may be tried now (not cooling down, provider not unhealthy). */
  available(t: Target, now: number): boolean {
    const p = this.providers.get(t.provider.name);
    if (p && p.unhealthyUntil > now) return false;
    const h = this.targets.get(t.address);
    return !h || h.cooldownUntil <= now;
  }

  /** When a skipped target becomes available again. */
  availableAt(t: Target): number {
    const p = this.providers.get(t.provider.name)?.unhealthyUntil ?? 0;
    return Math.max(p, this.targets.get(t.address)?.cooldownUntil ?? 0);
  }

  success(t: Target, now: number): void {
    const h = this.targets.get(t.address);
    if (h) {
      h.failures = 0;
      h.cooldownUntil = 0;
      h.lastSuccessAt = now;
    }
    if (this.providers.has(t.provider.name)) this.providers.delete(t.provider.name);
  }

  failure(t: Target, status: number | null, message: string, retryAfterMs: number | undefined, now: number): void {
    let h = this.targets.get(t.address);
    if (!h) {
      h = { failures: 0, cooldownUntil: 0, lastStatus: null, lastError: null, lastFailureAt: null, lastSuccessAt: null };
      this.targets.set(t.address, h);
    }
    h.failures += 1;
    const backoff = Math.min(MAX_COOLDOWN_MS, BASE_COOLDOWN_MS * 2 ** Math.min(h.failures - 1, 16));
    const wait = retryAfterMs === undefined ? backoff : Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, retryAfterMs));
    h.cooldownUntil = now + wait;
    h.lastStatus = status;
    h.lastError = message;
    h.lastFailureAt = now;
    this.onNews?.({ t: 'cool', address: t.address, until: h.cooldownUntil, status, error: message });
  }

  unhealthy(providerName: string, status: number, message: string, now: number): void {
    this.providers.set(providerName, { unhealthyUntil: now + UNHEALTHY_MS, status, message, since: now });
    this.onNews?.({ t: 'sick', provider: providerName, until: now + UNHEALTHY_MS, status, message });
  }

  /** A provider changed (new credential, URL…): forget what we knew about it. */
  reset(): void {
    this.targets.clear();
    this.providers.clear();
  }
}

/**
 * Targets to try, in order: the available ones; when every one is cooling
 * down, all of them by when they become available (refusing outright would
 * turn one upstream hiccup into an outage of a single-target route).
 */
export function attemptOrder(targets: readonly Target[], health: HealthTracker, now: number): readonly Target[] {
  let allAvailable = true;
  for (const t of targets) if (!health.available(t, now)) allAvailable = false;
  if (allAvailable) return targets;
  const ok = targets.filter((t) => health.available(t, now));
  if (ok.length > 0) return ok;
  return [...targets].sort((a, b) => health.availableAt(a) - health.availableAt(b));
}
