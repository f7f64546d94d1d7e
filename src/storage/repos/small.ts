/** The small repositories: sessions, audit, lockouts, settings. */
import type { Kysely } from 'kysely';
import { newId, type AuditEvent, type AuditOutcome } from '../../core/index.js';
import type { AuditRepo, LockoutRepo, SessionRepo, SettingsRepo } from '../ports.js';
import type { Database } from '../schema.js';

export function sessionRepo(db: Kysely<Database>): SessionRepo {
  return {
    async create(s) {
      await db
        .insertInto('sessions')
        .values({ id_hash: s.idHash, csrf_token: s.csrfToken, expires_at: s.expiresAt, created_at: Date.now() })
        .execute();
    },
    async get(idHash) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row && { csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) };
    },
    async remove(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async removeExpired(now) {
      await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    },
    async removeAllExcept(keepIdHash) {
      let q = db.deleteFrom('sessions');
      if (keepIdHash !== null) q = q.where('id_hash', '<>', keepIdHash);
      await q.execute();
    },
  };
}

export function auditRepo(db: Kysely<Database>): AuditRepo {
  return {
    async append(e) {
      await db
        .insertInto('audit')
        .values({
          id: newId('aud'),
          ts: e.ts,
          event: e.event,
          outcome: e.outcome,
          actor: e.actor,
          source: e.source,
          user_agent: e.userAgent,
          path: e.path,
          details: e.details ? JSON.stringify(e.details) : null,
        })
        .execute();
    },
    async list(q) {
      let query = db.selectFrom('audit').selectAll().orderBy('ts', 'desc').limit(q.limit ?? 200);
      if (q.since !== undefined) query = query.where('ts', '>=', q.since);
      if (q.event !== undefined) query = query.where('event', '=', q.event);
      const rows = await query.execute();
      return rows.map(
        (r): AuditEvent => ({
          ts: Number(r.ts),
          event: r.event,
          outcome: r.outcome as AuditOutcome,
          actor: r.actor,
          source: r.source,
          userAgent: r.user_agent,
          path: r.path,
          ...(r.details ? { details: JSON.parse(r.details) as Record<string, unknown> } : {}),
        }),
      );
    },
  };
}

export function lockoutRepo(db: Kysely<Database>): LockoutRepo {
  return {
    async get(address) {
      const row = await db.selectFrom('lockouts').selectAll().where('address', '=', address).executeTakeFirst();
      return (
        row && {
          failures: Number(row.failures),
          windowStart: Number(row.window_start),
          lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
        }
      );
    },
    async put(address, s) {
      const values = { failures: s.failures, window_start: s.windowStart, locked_until: s.lockedUntil };
      await db
        .insertInto('lockouts')
        .values({ address, ...values })
        .onConflict((oc) => oc.column('address').doUpdateSet(values))
        .execute();
    },
    async clear(address) {
      await db.deleteFrom('lockouts').where('address', '=', address).execute();
    },
  };
}

export function settingsRepo(db: Kysely<Database>): SettingsRepo {
  return {
    async all() {
      const rows = await db.selectFrom('settings').selectAll().execute();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    },
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async set(key, value) {
      const values = { value: JSON.stringify(value), updated_at: Date.now() };
      await db
        .insertInto('settings')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },
  };
}
