import { sql } from 'kysely';
import type { Db } from '../storage/index.js';

/** Why an instance is not ready (SPEC §2: a one-word reason), or null when it is. */
export type NotReadyReason = 'starting' | 'draining' | 'database';

export interface Readiness {
  reason(): NotReadyReason | null;
  /** Start-up is over: ready, unless the database is unreachable. */
  started(): void;
  /** Shutdown began: not ready from now on. */
  draining(): void;
  close(): void;
}

const PROBE_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * `/api/ready` for a load balancer (issue #18): 503 while starting, once
 * draining, and while the database does not answer a `select 1` (probed every
 * second off the request path, so a probe storm never reaches the database).
 */
export function createReadiness(db: Db, opts: { onDatabase?: (up: boolean, err?: unknown) => void } = {}): Readiness {
  let phase: 'starting' | 'running' | 'draining' = 'starting';
  let databaseUp = true;
  let probing = false;
  const probe = async (): Promise<void> => {
    if (probing) return;
    probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(db.kysely),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the database did not answer in time')), PROBE_TIMEOUT_MS))),
      ]);
      if (!databaseUp) opts.onDatabase?.(true);
      databaseUp = true;
    } catch (err) {
      if (databaseUp) opts.onDatabase?.(false, err);
      databaseUp = false;
    } finally {
      clearTimeout(timer);
      probing = false;
    }
  };
  const interval = setInterval(() => void probe(), PROBE_MS);
  interval.unref();
  return {
    reason: () => (phase === 'running' ? (databaseUp ? null : 'database') : phase),
    started: () => {
      if (phase === 'starting') phase = 'running';
    },
    draining: () => {
      phase = 'draining';
    },
    close: () => clearInterval(interval),
  };
}

export function readyBody(reason: NotReadyReason | null): { status: number; body: string } {
  return reason === null
    ? { status: 200, body: JSON.stringify({ status: 'ready' }) }
    : { status: 503, body: JSON.stringify({ status: reason }) };
}
