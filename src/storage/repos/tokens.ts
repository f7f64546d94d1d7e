import type { Kysely, Selectable } from 'kysely';
import { newId, type AccessToken, type Scope } from '../../core/index.js';
import type { NewAccessToken, TokenRepo } from '../ports.js';
import type { AccessTokensTable, Database } from '../schema.js';
import { conflictOnDuplicate } from '../conflict.js';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toToken(r: Selectable<AccessTokensTable>): AccessToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    tokenHash: r.token_hash,
    scope: r.scope as Scope,
    parentId: r.parent_id,
    expiresAt: num(r.expires_at),
    lastUsedAt: num(r.last_used_at),
    revokedAt: num(r.revoked_at),
    createdAt: Number(r.created_at),
  };
}

export function tokenRepo(db: Kysely<Database>): TokenRepo {
  return {
    async list() {
      return (await db.selectFrom('access_tokens').selectAll().orderBy('created_at').orderBy('id').execute()).map(toToken);
    },
    async get(id) {
      const row = await db.selectFrom('access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toToken(row);
    },
    async findByHash(hash) {
      const row = await db.selectFrom('access_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return row && toToken(row);
    },
    async create(input: NewAccessToken) {
      const row = {
        id: newId('tok'),
        name: input.name,
        prefix: input.prefix,
        token_hash: input.tokenHash,
        scope: input.scope,
        parent_id: input.parentId,
        expires_at: input.expiresAt,
        last_used_at: null,
        revoked_at: null,
        created_at: Date.now(),
      };
      await conflictOnDuplicate('an access token with this hash already exists', () =>
        db.insertInto('access_tokens').values(row).execute(),
      );
      return toToken(row);
    },
    async revoke(id, at) {
      // Walk the delegation tree breadth-first; it is small. An unknown id revokes nothing.
      const root = await db.selectFrom('access_tokens').select('id').where('id', '=', id).executeTakeFirst();
      if (!root) return [];
      const revoked: string[] = [];
      const seen = new Set<string>();
      let frontier = [id];
      while (frontier.length > 0) {
        await db
          .updateTable('access_tokens')
          .set({ revoked_at: at })
          .where('id', 'in', frontier)
          .where('revoked_at', 'is', null)
          .execute();
        for (const f of frontier) seen.add(f);
        revoked.push(...frontier);
        const children = await db.selectFrom('access_tokens').select('id').where('parent_id', 'in', frontier).execute();
        frontier = children.map((c) => c.id).filter((c) => !seen.has(c));
      }
      return revoked;
    },
    async touch(id, at) {
      await db.updateTable('access_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
