import type { Combo } from '../../core/index.js';
import type { Target } from './types.js';

/** Round-robin position per combo name; per process, in memory, reset when the process restarts. */
export class RoundRobinState {
  private readonly next = new Map<string, number>();

  take(name: string, n: number): number {
    const i = this.next.get(name) ?? 0;
    this.next.set(name, (i + 1) % n);
    return i % n;
  }
}

/** Weighted order without replacement: the first pick is proportional to weight, and so on. */
function weightedOrder(targets: readonly Target[], random: () => number): Target[] {
  const pool = [...targets];
  const out: Target[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((s, t) => s + Math.max(0, t.weight), 0);
    let idx = 0;
    if (total > 0) {
      let r = random() * total;
      idx = pool.findIndex((t) => (r -= Math.max(0, t.weight)) < 0);
      if (idx < 0) idx = pool.length - 1;
    }
    out.push(pool.splice(idx, 1)[0] as Target);
  }
  return out;
}

/**
 * The order targets are tried in. Every strategy keeps the other targets as
 * fallbacks: round-robin rotates the start, weighted draws the order by weight.
 */
export function orderTargets(
  combo: Combo | null,
  targets: readonly Target[],
  rr: RoundRobinState,
  random: () => number = Math.random,
): readonly Target[] {
  if (!combo || targets.length < 2) return targets;
  if (combo.strategy === 'round-robin') {
    const start = rr.take(combo.name, targets.length);
    return start === 0 ? targets : [...targets.slice(start), ...targets.slice(0, start)];
  }
  if (combo.strategy === 'weighted') return weightedOrder(targets, random);
  return targets;
}
