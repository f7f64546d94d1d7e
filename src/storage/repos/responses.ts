/** Stored Responses API responses: sealed at rest with the instance's secret box, like provider credentials. */
import type { Kysely } from 'kysely';
import type { ResponseRepo } from '../ports.js';
import type { Database } from '../schema.js';
import type { SecretBox } from '../secret-box.js';

export function responseRepo(db: Kysely<Database>, box: SecretBox): ResponseRepo {
  return {
    async put(r) {
      await db
        .insertInto('stored_responses')
        .values({ id: r.id, key_id: r.keyId, created_at: r.createdAt, expires_at: r.expiresAt, body: box.encrypt(r.body) })
        // Ids are ours (request ids) or a native upstream's: a clash is not ours to overwrite, least of all another key's row.
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async get(id, keyId, now) {
      const row = await db
        .selectFrom('stored_responses')
        .selectAll()
        .where('id', '=', id)
        .where('key_id', '=', keyId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      let body: string;
      try {
        body = box.decrypt(row.body);
      } catch {
        // Sealed under another secret (or damaged): as good as gone, never a 500.
        return undefined;
      }
      return { id: row.id, keyId: row.key_id, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), body };
    },
    async remove(id, keyId, now) {
      const r = await db
        .deleteFrom('stored_responses')
        .where('id', '=', id)
        .where('key_id', '=', keyId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async removeExpired(now) {
      const r = await db.deleteFrom('stored_responses').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
