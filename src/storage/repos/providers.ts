import type { Kysely, Selectable } from 'kysely';
import { newId, SwitchyardError, type Provider, type ProviderType } from '../../core/index.js';
import type { NewProvider, ProviderPatch, ProviderRepo } from '../ports.js';
import type { Database, ProvidersTable } from '../schema.js';
import { conflictOnDuplicate } from '../conflict.js';
import type { SecretBox } from '../secret-box.js';

function toProvider(r: Selectable<ProvidersTable>): Provider {
  return {
    id: r.id,
    name: r.name,
    type: r.type as ProviderType,
    baseUrl: r.base_url,
    preset: r.preset,
    models: JSON.parse(r.models) as Provider['models'],
    enabled: r.enabled === 1,
    hasCredential: r.credential_enc !== null,
    supportsResponses: r.supports_responses === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The message names the provider and what to do; never the sealed value or the cipher's own words. */
function unreadableCredential(name: string, id: string): SwitchyardError {
  return new SwitchyardError(
    'CREDENTIAL_UNREADABLE',
    `provider '${name}': its stored API key cannot be decrypted with this instance's secret ` +
      '(it was sealed under another SWITCHYARD_SECRET or secret.key, or the stored value is damaged); ' +
      `start with the secret that sealed it, or set the key again (PATCH /api/providers/${id} with apiKey, ` +
      'or remove the provider and add it back)',
    { expose: true, details: { provider: name } },
  );
}

export function providerRepo(db: Kysely<Database>, box: SecretBox): ProviderRepo {
  return {
    async list() {
      const rows = await db.selectFrom('providers').selectAll().orderBy('name').execute();
      return rows.map(toProvider);
    },
    async get(idOrName) {
      const row = await db
        .selectFrom('providers')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst();
      return row && toProvider(row);
    },
    async credential(id) {
      const row = await db.selectFrom('providers').select(['name', 'credential_enc']).where('id', '=', id).executeTakeFirst();
      if (!row?.credential_enc) return null;
      try {
        return box.decrypt(row.credential_enc);
      } catch {
        // Typed, so a caller can make this one provider unusable instead of failing the whole store (#20 item 6).
        throw unreadableCredential(row.name, id);
      }
    },
    async create(input: NewProvider) {
      const now = Date.now();
      const row = {
        id: newId('prv'),
        name: input.name,
        type: input.type,
        base_url: input.baseUrl,
        preset: input.preset,
        models: JSON.stringify(input.models),
        credential_enc: input.credential ? box.encrypt(input.credential) : null,
        enabled: input.enabled ? 1 : 0,
        supports_responses: input.supportsResponses ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await conflictOnDuplicate(`a provider named '${input.name}' already exists`, () =>
        db.insertInto('providers').values(row).execute(),
      );
      return toProvider(row);
    },
    async update(id, patch: ProviderPatch) {
      const set: Partial<ProvidersTable> = { updated_at: Date.now() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.type !== undefined) set.type = patch.type;
      if (patch.baseUrl !== undefined) set.base_url = patch.baseUrl;
      if (patch.models !== undefined) set.models = JSON.stringify(patch.models);
      if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
      if (patch.supportsResponses !== undefined) set.supports_responses = patch.supportsResponses ? 1 : 0;
      if (patch.credential !== undefined) set.credential_enc = patch.credential ? box.encrypt(patch.credential) : null;
      const res = await conflictOnDuplicate(`a provider named '${patch.name ?? ''}' already exists`, () =>
        db.updateTable('providers').set(set).where('id', '=', id).executeTakeFirst(),
      );
      if (Number(res.numUpdatedRows) === 0) return undefined;
      return this.get(id);
    },
    async remove(id) {
      const res = await db.deleteFrom('providers').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
