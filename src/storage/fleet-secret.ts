import { createHmac } from 'node:crypto';
import { SwitchyardError } from '../core/index.js';
import type { Db } from './db.js';
import type { SecretBox } from './secret-box.js';

/** A value derived from the key that proves which key it is without revealing it. */
export function secretCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('switchyard secret check v1').digest('base64url');
}

function mismatch(shared: boolean): SwitchyardError {
  const message = shared
    ? "this instance's secret does not match the one that sealed this database's credentials: " +
      'set the same SWITCHYARD_SECRET on every instance that shares this DATABASE_URL ' +
      '(an instance without it generates its own secret.key)'
    : "the secret key (SWITCHYARD_SECRET or the instance directory's secret.key) does not match the one that sealed this database's credentials; " +
      'start with the original SWITCHYARD_SECRET or secret.key';
  return new SwitchyardError('INTERNAL', message, { expose: true });
}

/**
 * Refuses a secret that cannot open this database's sealed credentials (issue
 * #18): the database keeps a check value of the first secret that used it. A
 * database from before the check gets one, once a sealed credential it holds
 * opens with this key (or when it holds none).
 */
export async function checkFleetSecret(db: Db, key: Buffer, box: SecretBox, opts: { shared: boolean; now?: number }): Promise<void> {
  const k = db.kysely;
  const mine = secretCheckValue(key);
  const row = await k.selectFrom('fleet_secret').select('check_value').where('id', '=', 1).executeTakeFirst();
  if (row) {
    if (row.check_value !== mine) throw mismatch(opts.shared);
    return;
  }
  const sealed = await k.selectFrom('providers').select('credential_enc').where('credential_enc', 'is not', null).limit(1).executeTakeFirst();
  if (sealed?.credential_enc) {
    try {
      box.decrypt(sealed.credential_enc);
    } catch {
      throw mismatch(opts.shared);
    }
  }
  // Two instances starting at once on an empty database: the first insert wins, the other re-reads and compares.
  await k
    .insertInto('fleet_secret')
    .values({ id: 1, check_value: mine, created_at: opts.now ?? Date.now() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const stored = await k.selectFrom('fleet_secret').select('check_value').where('id', '=', 1).executeTakeFirstOrThrow();
  if (stored.check_value !== mine) throw mismatch(opts.shared);
}
