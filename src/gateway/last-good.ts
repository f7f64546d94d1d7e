import type { Logger } from 'pino';

/** A copy of database state kept in memory (keys, routes), reloaded on change. */
export interface LastGood<T> {
  /** The current copy; loads it (once, shared) when a change dropped it. */
  get(): Promise<T>;
  /** The loaded copy, or null while (re)loading: lets the hot path skip an await. */
  peek(): T | null;
  /** A change was announced: the next get() waits for a fresh copy. */
  invalidate(): void;
  /** Reloads in the background while the current copy keeps serving (the periodic backstop). */
  refresh(): void;
  /** Whether the copy served is the last good one because the database did not answer. */
  stale(): boolean;
}

/** While serving a stale copy, how often a reload is tried in the background. */
export const STALE_RETRY_MS = 1_000;

/**
 * Issue #18 item 4: while the database is unreachable, inference keeps working
 * from the copy it last loaded. A load that fails with a copy in hand serves
 * that copy (one warning), makes it the synchronous copy again, and retries in
 * the background every second until the database answers (one info line);
 * only a process that never loaded anything answers `unavailable()`. A change
 * announced while the database is up still waits for the fresh copy, so a
 * revocation is never answered from the old one.
 */
export function createLastGood<T>(
  load: () => Promise<T>,
  opts: { what: string; logger: Pick<Logger, 'warn' | 'info' | 'error'>; unavailable: () => Error; retryMs?: number },
): LastGood<T> {
  let current: Promise<T> | null = null;
  let loaded: T | null = null;
  let lastGood: T | null = null;
  let isStale = false;
  let retry: NodeJS.Timeout | undefined;

  const scheduleRetry = (): void => {
    if (retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (!isStale) return;
      current = null;
      get().catch(() => {});
    }, opts.retryMs ?? STALE_RETRY_MS);
    retry.unref();
  };

  function get(): Promise<T> {
    if (current) return current;
    const p: Promise<T> = load().then(
      (v) => {
        if (current === p) {
          loaded = v;
          lastGood = v;
          if (isStale) opts.logger.info(`${opts.what}: the database answers again; reloaded`);
          isStale = false;
        }
        return v;
      },
      (err: unknown) => {
        if (lastGood === null) {
          if (current === p) current = null;
          opts.logger.error({ err }, `loading ${opts.what} failed`);
          throw opts.unavailable();
        }
        if (current === p) {
          loaded = lastGood;
          if (!isStale) opts.logger.warn({ err }, `loading ${opts.what} failed: serving the copy in memory until the database answers`);
          isStale = true;
          scheduleRetry();
        }
        return lastGood;
      },
    );
    current = p;
    return p;
  }

  return {
    get,
    peek: () => loaded,
    invalidate() {
      current = null;
      loaded = null;
    },
    refresh() {
      current = null;
      get().catch(() => {});
    },
    stale: () => isStale,
  };
}
