import type { Kysely, Selectable } from 'kysely';
import { newId, type InferenceKey } from '../../core/index.js';
import type { KeyRepo, NewInferenceKey } from '../ports.js';
import type { Database, InferenceKeysTable } from '../schema.js';
import { conflictOnDuplicate } from '../conflict.js';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toKey(r: Selectable<InferenceKeysTable>): InferenceKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    keyHash: r.key_hash,
    allowedModels: r.allowed_models ? (JSON.parse(r.allowed_models) as string[]) : null,
    rpmLimit: num(r.rpm_limit),
    dailyBudgetUsd: num(r.daily_budget_usd),
    monthlyBudgetUsd: num(r.monthly_budget_usd),
    expiresAt: num(r.expires_at),
    revokedAt: num(r.revoked_at),
    createdAt: Number(r.created_at),
    lastUsedAt: num(r.last_used_at),
  };
}

export function keyRepo(db: Kysely<Database>): KeyRepo {
  return {
    async list() {
      return (await db.selectFrom('inference_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(toKey);
    },
    async get(id) {
      const row = await db.selectFrom('inference_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toKey(row);
    },
    async findByHash(hash) {
      const row = await db.selectFrom('inference_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
      return row && toKey(row);
    },
    async create(input: NewInferenceKey) {
      const row = {
        id: newId('key'),
        name: input.name,
        prefix: input.prefix,
        key_hash: input.keyHash,
        allowed_models: input.allowedModels ? JSON.stringify(input.allowedModels) : null,
        rpm_limit: input.rpmLimit,
        daily_budget_usd: input.dailyBudgetUsd,
        monthly_budget_usd: input.monthlyBudgetUsd,
        expires_at: input.expiresAt,
        revoked_at: null,
        created_at: Date.now(),
        last_used_at: null,
      };
      await conflictOnDuplicate('an inference key with this hash already exists', () =>
        db.insertInto('inference_keys').values(row).execute(),
      );
      return toKey(row);
    },
    async revoke(id, at) {
      const res = await db
        .updateTable('inference_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async touch(ids) {
      if (ids.size === 0) return;
      // One transaction: one commit for the batch instead of one per key.
      await db.transaction().execute(async (trx) => {
        for (const [id, at] of ids) {
          await trx.updateTable('inference_keys').set({ last_used_at: at }).where('id', '=', id).execute();
        }
      });
    },
  };
}
