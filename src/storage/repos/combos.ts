import type { Kysely, Selectable } from 'kysely';
import { newId, type Combo, type ComboStrategy } from '../../core/index.js';
import type { ComboRepo } from '../ports.js';
import type { CombosTable, Database } from '../schema.js';
import { conflictOnDuplicate } from '../conflict.js';

function toCombo(r: Selectable<CombosTable>): Combo {
  return {
    id: r.id,
    name: r.name,
    strategy: r.strategy as ComboStrategy,
    targets: JSON.parse(r.targets) as Combo['targets'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function comboRepo(db: Kysely<Database>): ComboRepo {
  return {
    async list() {
      return (await db.selectFrom('combos').selectAll().orderBy('name').execute()).map(toCombo);
    },
    async get(name) {
      const row = await db.selectFrom('combos').selectAll().where('name', '=', name).executeTakeFirst();
      return row && toCombo(row);
    },
    async create(input) {
      const now = Date.now();
      const row = {
        id: newId('cmb'),
        name: input.name,
        strategy: input.strategy,
        targets: JSON.stringify(input.targets),
        created_at: now,
        updated_at: now,
      };
      await conflictOnDuplicate(`a combo named '${input.name}' already exists`, () =>
        db.insertInto('combos').values(row).execute(),
      );
      return toCombo(row);
    },
    async replace(name, input) {
      const res = await db
        .updateTable('combos')
        .set({ strategy: input.strategy, targets: JSON.stringify(input.targets), updated_at: Date.now() })
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0 ? this.get(name) : undefined;
    },
    async remove(name) {
      const res = await db.deleteFrom('combos').where('name', '=', name).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
