import type { Logger } from 'pino';
import { SwitchyardError } from '../../core/index.js';
import type { ChangeBus, Repos } from '../../storage/index.js';
import { createLastGood } from '../last-good.js';
import { buildSnapshot } from './build-snapshot.js';
import type { RouteSnapshot } from './types.js';

export interface RouteTable {
  /** The current snapshot; loads it (once, shared) when a change dropped it. */
  get(): Promise<RouteSnapshot>;
  /** The loaded snapshot, or null while (re)loading: lets the hot path skip an await. */
  peek(): RouteSnapshot | null;
  invalidate(): void;
}

/**
 * Providers (credentials decrypted once per fill) and combos in memory, so a
 * request never reads the database. Dropped on a 'providers' or 'combos' change.
 * While the database is down the last snapshot loaded keeps serving (last-good.ts).
 */
export function createRouteTable(deps: { repos: Repos; events: ChangeBus; logger: Logger; refreshMs?: number }): RouteTable {
  async function load(): Promise<RouteSnapshot> {
    const [providers, combos] = await Promise.all([deps.repos.providers.list(), deps.repos.combos.list()]);
    const withCreds = await Promise.all(
      providers.map(async (p) => ({
        provider: p,
        credential: p.enabled && p.hasCredential ? await deps.repos.providers.credential(p.id) : null,
      })),
    );
    return buildSnapshot(withCreds, combos, Date.now());
  }

  const copy = createLastGood(load, {
    what: 'providers and combos',
    logger: deps.logger,
    unavailable: () => new SwitchyardError('CREDENTIAL_STORE_UNAVAILABLE', 'the provider store cannot be read right now', { expose: true, retryAfterSec: 1 }),
  });
  const table: RouteTable = { get: copy.get, peek: copy.peek, invalidate: copy.invalidate };
  deps.events.on('providers', table.invalidate);
  deps.events.on('combos', table.invalidate);
  // The backstop re-read keeps the current snapshot serving meanwhile: a database that is down must not empty it.
  if (deps.refreshMs) setInterval(copy.refresh, deps.refreshMs).unref();
  return table;
}
