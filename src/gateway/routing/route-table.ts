import type { Logger } from 'pino';
import { isSwitchyardError, SwitchyardError, type Provider } from '../../core/index.js';
import type { ChangeBus, Repos } from '../../storage/index.js';
import { createLastGood } from '../last-good.js';
import { buildSnapshot, type LoadedProvider } from './build-snapshot.js';
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
/**
 * One credential that does not open makes its provider unusable, not the
 * store (#20 item 6): the error is kept for requests to it and logged once per
 * load, by name and code, never with the sealed value.
 */
async function loadProvider(deps: { repos: Repos; logger: Logger }, p: Provider): Promise<LoadedProvider> {
  if (!p.enabled || !p.hasCredential) return { provider: p, credential: null };
  try {
    return { provider: p, credential: await deps.repos.providers.credential(p.id) };
  } catch (err) {
    if (!isSwitchyardError(err) || err.code !== 'CREDENTIAL_UNREADABLE') throw err;
    deps.logger.warn({ provider: p.name, code: 'credential_unreadable' }, err.message);
    return { provider: p, credential: null, unreadable: err };
  }
}

/** Logs every enabled provider whose credential does not open; caches nothing (the table loads on first use). */
export async function logUnreadableCredentials(deps: { repos: Repos; logger: Logger }): Promise<void> {
  for (const p of await deps.repos.providers.list()) await loadProvider(deps, p);
}

export function createRouteTable(deps: { repos: Repos; events: ChangeBus; logger: Logger; refreshMs?: number }): RouteTable {
  async function load(): Promise<RouteSnapshot> {
    const [providers, combos] = await Promise.all([deps.repos.providers.list(), deps.repos.combos.list()]);
    const withCreds = await Promise.all(providers.map((p) => loadProvider(deps, p)));
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
