// The cross-instance change bus on a real PostgreSQL server (SWITCHYARD_TEST_PG_URL;
// skipped locally without it, a failure in CI: see test/helpers/postgres.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { freshDatabase, postgresForTests, type FreshDatabase } from '../../test/helpers/postgres.js';
import type { ChangeTopic } from './events.js';
import { createSharedChangeBus, type SharedChangeBus } from './shared-events.js';

const available = postgresForTests();

/** Resolves with the topics heard within `ms`. */
function heard(bus: SharedChangeBus, topics: ChangeTopic[], ms: number): Promise<ChangeTopic[]> {
  const got: ChangeTopic[] = [];
  for (const t of topics) bus.on(t, () => got.push(t));
  return new Promise((r) => setTimeout(() => r(got), ms));
}

describe('shared change bus', { skip: available.skip }, () => {
  let db: FreshDatabase;
  const buses: SharedChangeBus[] = [];
  const errors: unknown[] = [];
  const open = async () => {
    const b = await createSharedChangeBus(db.url, { onError: (e) => errors.push(e) });
    buses.push(b);
    return b;
  };

  before(async () => {
    db = await freshDatabase(available.url as string);
  });
  after(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await db.drop();
  });

  test('health published by one process reaches the others, not itself', async () => {
    const a = await open();
    const b = await open();
    const atA: string[] = [];
    const atB: string[] = [];
    a.onHealth((p) => atA.push(p));
    b.onHealth((p) => atB.push(p));
    a.publishHealth('{"t":"cool","a":"x/y:z"}');
    for (let i = 0; i < 40 && atB.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(atB, ['{"t":"cool","a":"x/y:z"}']);
    assert.deepEqual(atA, []);
  });

  test('a change emitted by one process is heard by the other, and once by itself', async () => {
    const a = await open();
    const b = await open();
    const onA = heard(a, ['keys', 'providers'], 400);
    const onB = heard(b, ['keys', 'providers'], 400);
    a.emit('keys');
    assert.deepEqual(await onA, ['keys'], 'the emitter hears its own change once (locally, not again from PostgreSQL)');
    assert.deepEqual(await onB, ['keys']);
    assert.deepEqual(errors, []);
  });

  test('after its listening connection is cut, a bus reconnects and raises every topic (changes may have been missed)', async () => {
    const a = await open();
    const b = await open();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const all = heard(b, ['keys', 'providers', 'combos', 'tokens', 'settings'], 1_500);
      // Cut every other session on this database: both buses' connections go.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      const after = await all;
      assert.deepEqual([...new Set(after)].sort(), ['combos', 'keys', 'providers', 'settings', 'tokens']);
      const later = heard(b, ['combos'], 400);
      a.emit('combos');
      assert.deepEqual(await later, ['combos'], 'notifications flow again after the reconnect');
    } finally {
      await admin.end();
    }
  });

  test('a closed bus no longer hears anything', async () => {
    const a = await open();
    const b = await open();
    await b.close();
    const onB = heard(b, ['keys'], 300);
    a.emit('keys');
    assert.deepEqual(await onB, []);
  });
});
