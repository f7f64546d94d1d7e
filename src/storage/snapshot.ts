/**
 * Whole-database export / import / wipe behind /api/settings/database.
 * Usage, audit, sessions and lockouts are not exported: they are history and
 * live state, not configuration.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import { SwitchyardError } from '../core/index.js';
import { isUniqueViolation } from './conflict.js';
import type { Db } from './db.js';
import type { ChangeBus, ChangeTopic } from './events.js';
import type { SnapshotRepo } from './ports.js';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotSchema, type Snapshot } from './snapshot-schema.js';

/**
 * The management password's setting. Import and wipe keep the current one, and
 * export leaves it out, so no database operation can lock the operator out and no
 * export file carries a crackable hash.
 */
export const PASSWORD_SETTING = 'auth.passwordHash';

const TOPICS: ChangeTopic[] = ['providers', 'keys', 'combos', 'tokens', 'settings'];
const CHUNK = 100;

function invalid(message: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError('VALIDATION_FAILED', `invalid import: ${message}`, cause === undefined ? {} : { cause });
}

function parse(input: unknown): Snapshot {
  const parsed = snapshotSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(`${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'malformed'}`);
}

function assertUnique<T>(rows: T[], pick: (r: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const v = pick(r);
    if (seen.has(v)) throw invalid(`duplicate ${what} '${v}'`);
    seen.add(v);
  }
}

/** Every check that can fail happens here, before the database is touched. */
function check(s: Snapshot, box: SecretBox): void {
  assertUnique(s.providers, (r) => r.id, 'provider id');
  assertUnique(s.providers, (r) => r.name, 'provider name');
  assertUnique(s.keys, (r) => r.id, 'key id');
  assertUnique(s.keys, (r) => r.key_hash, 'key hash');
  assertUnique(s.combos, (r) => r.id, 'combo id');
  assertUnique(s.combos, (r) => r.name, 'combo name');
  assertUnique(s.tokens, (r) => r.id, 'token id');
  assertUnique(s.tokens, (r) => r.token_hash, 'token hash');
  for (const p of s.providers) {
    if (p.credential_enc === null) continue;
    try {
      box.decrypt(p.credential_enc);
    } catch {
      throw invalid(
        `provider '${p.name}': its credential cannot be decrypted with this instance's secret key ` +
          '(export and import need the same SWITCHYARD_SECRET or secret.key)',
      );
    }
  }
}

async function insertChunks<T extends keyof Database & string>(
  trx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
  }
}

async function clearConfiguration(trx: Transaction<Database>): Promise<void> {
  await trx.deleteFrom('access_tokens').execute();
  await trx.deleteFrom('inference_keys').execute();
  await trx.deleteFrom('combos').execute();
  await trx.deleteFrom('providers').execute();
  await trx.deleteFrom('settings').where('key', '<>', PASSWORD_SETTING).execute();
  // Conversations of keys that an import or a wipe removes: not configuration, and never exported.
  await trx.deleteFrom('stored_responses').execute();
}

async function exportRows(k: Kysely<Database>) {
  const [providers, keys, combos, tokens, settings] = await Promise.all([
    k.selectFrom('providers').selectAll().orderBy('created_at').orderBy('id').execute(),
    k.selectFrom('inference_keys').selectAll().orderBy('created_at').orderBy('id').execute(),
    k.selectFrom('combos').selectAll().orderBy('name').execute(),
    k.selectFrom('access_tokens').selectAll().orderBy('created_at').orderBy('id').execute(),
    k.selectFrom('settings').select(['key', 'value']).where('key', '<>', PASSWORD_SETTING).orderBy('key').execute(),
  ]);
  return { providers, keys, combos, tokens, settings };
}

export function createSnapshotRepo(db: Db, opts: { box: SecretBox; events?: ChangeBus }): SnapshotRepo {
  const k = db.kysely;
  const changed = (): void => {
    for (const t of TOPICS) opts.events?.emit(t);
  };
  return {
    async export() {
      const rows = await exportRows(k);
      return {
        format: SNAPSHOT_FORMAT,
        version: SNAPSHOT_VERSION,
        exportedAt: new Date().toISOString(),
        providers: rows.providers,
        keys: rows.keys,
        combos: rows.combos,
        tokens: rows.tokens,
        settings: Object.fromEntries(rows.settings.map((r) => [r.key, JSON.parse(r.value) as unknown])),
      };
    },

    async import(input) {
      const s = parse(input);
      check(s, opts.box);
      const settings = Object.entries(s.settings).filter(([key]) => key !== PASSWORD_SETTING);
      try {
        await k.transaction().execute(async (trx) => {
          await clearConfiguration(trx);
          await insertChunks(trx, 'providers', s.providers);
          await insertChunks(trx, 'inference_keys', s.keys);
          await insertChunks(trx, 'combos', s.combos);
          await insertChunks(trx, 'access_tokens', s.tokens);
          const now = Date.now();
          const settingRows = settings.map(([key, value]) => ({ key, value: JSON.stringify(value), updated_at: now }));
          await insertChunks(trx, 'settings', settingRows);
        });
      } catch (err) {
        // The checks above should make this unreachable; the transaction rolled back either way.
        if (isUniqueViolation(err)) throw invalid('a row conflicts with another row of the file', err);
        throw err;
      }
      changed();
      return {
        counts: {
          providers: s.providers.length,
          keys: s.keys.length,
          combos: s.combos.length,
          tokens: s.tokens.length,
          settings: settings.length,
        },
      };
    },

    async wipe() {
      // The audit table is append-only (SPEC §3) and survives a wipe, like the JSON Lines file.
      await k.transaction().execute(async (trx) => {
        await clearConfiguration(trx);
        await trx.deleteFrom('usage').execute();
        await trx.deleteFrom('usage_hourly').execute();
        await trx.deleteFrom('sessions').execute();
        await trx.deleteFrom('lockouts').execute();
      });
      changed();
    },
  };
}
