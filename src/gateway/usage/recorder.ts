import type { Logger } from 'pino';
import type { UsageRecord } from '../../core/index.js';
import type { UsageRepo } from '../../storage/index.js';

export interface UsageRecorder {
  /** Queues a row; never touches the database on the caller's stack. */
  record(row: UsageRecord): void;
  /** Writes what is queued now (one flush at a time). */
  flush(): Promise<void>;
  /** Stops the timer and writes everything, retrying a failed write a few times. */
  drain(): Promise<void>;
  pending(): number;
  /** Rows dropped so far because the queue was full. */
  dropped(): number;
}

export interface UsageRecorderOptions {
  repo: Pick<UsageRepo, 'insertMany'>;
  flushMs: number;
  logger: Pick<Logger, 'error' | 'debug' | 'info'>;
  /** Flush early once this many rows wait. */
  batchSize?: number;
  /** Rows kept while the database refuses writes; beyond this the oldest are dropped (and logged). */
  maxQueued?: number;
  /** Runs after each write (e.g. keys' last-used times). */
  afterFlush?: () => Promise<void>;
}

/** Usage rows in batches, off the hot path: a timer, a size trigger, and a drain for shutdown. */
export function createUsageRecorder(opts: UsageRecorderOptions): UsageRecorder {
  const batchSize = opts.batchSize ?? 500;
  const maxQueued = opts.maxQueued ?? 100_000;
  let queue: UsageRecord[] = [];
  let inFlight: Promise<void> | null = null;
  let early = false;
  /** The last write failed: only the timer retries, so a database that is down is not hammered. */
  let failing = false;
  let droppedTotal = 0;

  async function writeOnce(): Promise<void> {
    if (queue.length === 0) return;
    const rows = queue;
    queue = [];
    try {
      await opts.repo.insertMany(rows);
      if (failing) opts.logger.info({ written: rows.length }, 'usage rows written again: the queue kept while the database was away is flushed');
      failing = false;
    } catch (err) {
      if (!failing) opts.logger.error({ err, queued: rows.length + queue.length }, 'usage write failed: rows wait in memory and are retried every flush');
      failing = true;
      queue = rows.concat(queue);
      if (queue.length > maxQueued) {
        const dropped = queue.length - maxQueued;
        queue = queue.slice(dropped);
        droppedTotal += dropped;
        opts.logger.error({ dropped }, 'usage queue full: oldest rows dropped');
      }
      throw err;
    }
    if (opts.afterFlush) await opts.afterFlush();
  }

  function flush(): Promise<void> {
    if (inFlight) return inFlight.then(() => (queue.length > 0 ? flush() : undefined));
    const p = writeOnce().finally(() => {
      inFlight = null;
    });
    inFlight = p;
    return p;
  }

  const safeFlush = (): void => {
    early = false;
    // A failed write was logged when the failures began (writeOnce); an afterFlush failure is logged here.
    flush().catch((err: unknown) => {
      if (!failing) opts.logger.error({ err }, 'after the usage flush: writing last-used times failed');
    });
  };
  const timer = setInterval(safeFlush, opts.flushMs);
  timer.unref();

  return {
    record(row) {
      queue.push(row);
      if (queue.length >= batchSize && !early && !failing) {
        early = true;
        setImmediate(safeFlush);
      }
    },
    flush,
    async drain() {
      clearInterval(timer);
      for (let attempt = 0; attempt < 5 && (queue.length > 0 || inFlight); attempt++) {
        try {
          await flush();
        } catch (err) {
          opts.logger.error({ err, attempt }, 'usage flush during drain failed');
          await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        }
      }
      if (queue.length > 0) opts.logger.error({ lost: queue.length }, 'usage rows could not be written at shutdown');
    },
    pending: () => queue.length,
    dropped: () => droppedTotal,
  };
}
