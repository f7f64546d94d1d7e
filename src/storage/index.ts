import type { Db } from './db.js';
import type { Repos } from './ports.js';
import { comboRepo } from './repos/combos.js';
import { keyRepo } from './repos/keys.js';
import { providerRepo } from './repos/providers.js';
import { responseRepo } from './repos/responses.js';
import { auditRepo, lockoutRepo, sessionRepo, settingsRepo } from './repos/small.js';
import { tokenRepo } from './repos/tokens.js';
import { usageRepo } from './repos/usage.js';
import type { SecretBox } from './secret-box.js';

export * from './ports.js';
export { openDatabase, openSqlite, openPostgres, migrate, type Db, type Engine } from './db.js';
export { createSecretBox, loadSecretKey, SECRET_KEY_FILE, type SecretBox } from './secret-box.js';

export function createRepos(db: Db, box: SecretBox): Repos {
  const k = db.kysely;
  return {
    providers: providerRepo(k, box),
    keys: keyRepo(k),
    combos: comboRepo(k),
    usage: usageRepo(k, db.engine, db.sqlite),
    tokens: tokenRepo(k),
    sessions: sessionRepo(k),
    audit: auditRepo(k),
    lockouts: lockoutRepo(k),
    settings: settingsRepo(k),
    responses: responseRepo(k, box),
  };
}
export { CHANGE_TOPICS, createChangeBus, type ChangeBus, type ChangeTopic } from './events.js';
export { createSharedChangeBus, type SharedChangeBus } from './shared-events.js';
export { createSnapshotRepo, PASSWORD_SETTING } from './snapshot.js';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot-schema.js';
export { isUniqueViolation } from './conflict.js';
export { databaseUnavailable, isDatabaseUnavailable } from './unavailable.js';
export { checkFleetSecret, secretCheckValue } from './fleet-secret.js';
export { createSharedCounters, RATE_WINDOW_MS, type RequestLease, type SharedCounters, type SpendDelta, type SpendTotals } from './shared-counters.js';
