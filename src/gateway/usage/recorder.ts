import type { Logger } from 'pino';
import type { UsageRecord } from '../../core/index.js';
import type { UsageRepo } from '../../storage/index.js';

export interface UsageRecorder {
  /** Queues a row; never touches the database on the caller's stack. */
  record(row: UsageRecord): void;
  /** Writes what is queued now (one write at a time). */
  flush(): Promise<void>;
  /** Stops the timer and writes everything, retrying a failed write a few times. */
  drain(): Promise<void>;
  pending(): number;
}

export interface UsageRecorderOptions {
  repo: Pick<UsageRepo, 'insertMany'>;
  /** The timer: retries after a failed write, and runs `everyTick`. */
  flushMs: number;
  logger: Pick<Logger, 'error' | 'debug'>;
  /** Rows per write at most. */
  batchSize?: number;
  /** Rows kept while the database refuses writes; beyond this the oldest are dropped (and logged). */
  maxQueued?: number;
  /** Runs on the timer after its write (e.g. keys' last-used times). */
  everyTick?: () => Promise<void>;
}

/**
 * Usage rows off the hot path, written as soon as the event loop is free: the
 * first row queued schedules a write on the next turn, and rows that arrive
 * while a write is in flight go in the next one. Under load batches grow by
 * themselves (with a database round trip, as many rows as arrived during it);
 * rows never wait long enough to be promoted to the old generation, which a
 * fixed 1 s / 500-row batch made the gateway's largest GC cost
 * (docs/decisions.md, "usage rows"). After a failed write only the timer
 * retries, so a database that is down is not hammered.
 */
export function createUsageRecorder(opts: UsageRecorderOptions): UsageRecorder {
  const batchSize = opts.batchSize ?? 1000;
  const maxQueued = opts.maxQueued ?? 100_000;
  let queue: UsageRecord[] = [];
  let inFlight: Promise<void> | null = null;
  let scheduled = false;
  let failing = false;

  async function writeOnce(): Promise<void> {
    if (queue.length === 0) return;
    const rows = queue.length > batchSize ? queue.splice(0, batchSize) : queue;
    if (rows === queue) queue = [];
    try {
      await opts.repo.insertMany(rows);
      failing = false;
    } catch (err) {
      failing = true;
      queue = rows.concat(queue);
      if (queue.length > maxQueued) {
        const dropped = queue.length - maxQueued;
        queue = queue.slice(dropped);
        opts.logger.error({ dropped }, 'usage queue full: oldest rows dropped');
      }
      throw err;
    }
  }

  function flush(): Promise<void> {
    if (inFlight) return inFlight.then(() => (queue.length > 0 ? flush() : undefined));
    const p = writeOnce().finally(() => {
      inFlight = null;
      if (queue.length > 0 && !failing) schedule();
    });
    inFlight = p;
    return p;
  }

  const report = (err: unknown): void => opts.logger.error({ err }, 'usage write failed; will retry');
  const onTurn = (): void => {
    scheduled = false;
    if (!inFlight && !failing) flush().catch(report);
  };
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(onTurn);
  }

  const timer = setInterval(() => {
    const written = failing || queue.length > 0 ? flush() : Promise.resolve();
    written
      .then(() => opts.everyTick?.())
      .catch(report);
  }, opts.flushMs);
  timer.unref();

  return {
    record(row) {
      queue.push(row);
      if (!inFlight && !failing) schedule();
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
  };
}
