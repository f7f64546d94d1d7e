import type { HealthNews, HealthTracker } from './cooldown.js';

/** The part of the PostgreSQL change bus that carries health news between instances. */
export interface HealthChannel {
  publishHealth(payload: string): void;
  onHealth(fn: (payload: string) => void): void;
}

function parse(payload: string): HealthNews | null {
  try {
    const n = JSON.parse(payload) as Partial<HealthNews>;
    if (typeof n.until !== 'number') return null;
    if (n.t === 'cool' && typeof n.address === 'string') return n as HealthNews;
    if (n.t === 'sick' && typeof n.provider === 'string') return n as HealthNews;
  } catch {}
  return null;
}

/**
 * Upstream health across a fleet (issue #18): a cooldown or an unhealthy
 * provider seen by one instance is sent on the change channel, and every
 * other instance extends its own view, so the fleet backs off a failing
 * upstream together. Times are absolute epoch ms (clocks of one fleet agree
 * within far less than a cooldown). Successes are not sent: each instance's
 * cooldown simply runs out, or its own success clears it.
 */
export function shareHealth(health: HealthTracker, channel: HealthChannel): void {
  health.onNews = (news) => channel.publishHealth(JSON.stringify(news));
  channel.onHealth((payload) => {
    const news = parse(payload);
    if (news) health.merge(news, Date.now());
  });
}
