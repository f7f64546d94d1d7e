/**
 * Brute-force protection for the management password (login and connect):
 * failures are counted per socket peer address — never a header, which the
 * attacker controls — in the lockouts table, so a restart (or another
 * instance on the same database) keeps the count.
 */
import type { LockoutRepo, LockoutState } from '../storage/index.js';

export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

export interface LockoutCheck {
  locked: boolean;
  /** Seconds until the lock ends (≥ 1) when locked. */
  retryAfterSec: number;
}

export type AttemptResult =
  | { ok: true }
  | { ok: false; locked: false; failures: number }
  /** `lockedNow`: this attempt started the lockout (audit it once). */
  | { ok: false; locked: true; lockedNow: boolean; retryAfterSec: number; failures: number };

export interface Lockout {
  /**
   * One password attempt, serialised per address so parallel guesses cannot
   * all slip past the check: locked → refused without calling `verify`; else
   * `verify` decides and the count follows.
   */
  attempt(address: string, verify: () => Promise<boolean>): Promise<AttemptResult>;
  /** Is this address locked out right now? */
  check(address: string): Promise<LockoutCheck>;
}

/** `::ffff:10.0.0.2` and `10.0.0.2` are one client. */
export function lockoutKey(address: string): string {
  const a = address.toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

export function createLockout(repo: LockoutRepo, now: () => number = Date.now): Lockout {
  // Serialise read-modify-write per address inside this process so parallel
  // wrong guesses cannot lose counts.
  const chains = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = chains.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return run;
  };

  const check = async (address: string): Promise<LockoutCheck> => {
    const s = await repo.get(lockoutKey(address));
    const t = now();
    if (s?.lockedUntil != null && s.lockedUntil > t) {
      return { locked: true, retryAfterSec: Math.max(1, Math.ceil((s.lockedUntil - t) / 1000)) };
    }
    return { locked: false, retryAfterSec: 0 };
  };
  const fail = async (key: string): Promise<{ lockedNow: boolean; state: LockoutState }> => {
    const t = now();
    const prev = await repo.get(key);
    // A window older than 15 minutes, or a lockout that has ended, starts a new count.
    const fresh = !prev || t - prev.windowStart > LOCKOUT_WINDOW_MS || (prev.lockedUntil !== null && prev.lockedUntil <= t);
    const failures = fresh ? 1 : prev.failures + 1;
    const lockedUntil = failures >= LOCKOUT_MAX_FAILURES ? t + LOCKOUT_DURATION_MS : null;
    const state: LockoutState = { failures, windowStart: fresh ? t : prev.windowStart, lockedUntil };
    await repo.put(key, state);
    return { lockedNow: lockedUntil !== null, state };
  };

  return {
    check,
    attempt(address, verify) {
      const key = lockoutKey(address);
      return serial(key, async (): Promise<AttemptResult> => {
        const before = await check(key);
        if (before.locked) return { ok: false, locked: true, lockedNow: false, retryAfterSec: before.retryAfterSec, failures: LOCKOUT_MAX_FAILURES };
        if (await verify()) {
          await repo.clear(key);
          return { ok: true };
        }
        const { lockedNow, state } = await fail(key);
        if (state.lockedUntil === null) return { ok: false, locked: false, failures: state.failures };
        const retryAfterSec = Math.max(1, Math.ceil((state.lockedUntil - now()) / 1000));
        return { ok: false, locked: true, lockedNow, retryAfterSec, failures: state.failures };
      });
    },
  };
}
