/** The fleet's shared state: the secret check value and the shared rate-limit and spend counters. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { checkFleetSecret } from '../fleet-secret.js';
import { createSecretBox } from '../secret-box.js';
import { createSharedCounters, RATE_WINDOW_MS } from '../shared-counters.js';
import { newProvider, withStore, type OpenStore } from './fixture.case.js';

export function fleetCases(open: OpenStore): void {
  describe('fleet', () => {
    test('the first secret is recorded; the same secret passes, another is refused naming SWITCHYARD_SECRET', async () => {
      await withStore(open, async (s) => {
        const key = randomBytes(32);
        await checkFleetSecret(s.db, key, createSecretBox(key), { shared: true });
        await checkFleetSecret(s.db, key, createSecretBox(key), { shared: true });
        const other = randomBytes(32);
        await assert.rejects(checkFleetSecret(s.db, other, createSecretBox(other), { shared: true }), /same SWITCHYARD_SECRET on every instance/);
        await assert.rejects(checkFleetSecret(s.db, other, createSecretBox(other), { shared: false }), /secret\.key/);
      });
    });

    test('a database from before the check: a secret that cannot open its credentials is refused', async () => {
      await withStore(open, async (s) => {
        await s.repos.providers.create(newProvider()); // sealed with the fixture's box
        const other = randomBytes(32);
        await assert.rejects(checkFleetSecret(s.db, other, createSecretBox(other), { shared: true }), /SWITCHYARD_SECRET/);
        const rows = await s.db.kysely.selectFrom('fleet_secret').selectAll().execute();
        assert.deepEqual(rows, [], 'a refused secret records nothing');
      });
    });

    test('request leases never grant more than the limit in one window, and a new window starts afresh', async () => {
      await withStore(open, async (s) => {
        const c = createSharedCounters(s.db);
        const t0 = 1_700_000_000_000;
        const leases = await Promise.all(Array.from({ length: 10 }, (_, i) => c.leaseRequests('k1', 3, 10, t0 + i)));
        assert.equal(leases.reduce((n, l) => n + l.granted, 0), 10);
        assert.ok(leases.every((l) => l.windowStart === leases[0]?.windowStart));
        assert.deepEqual(await c.leaseRequests('k1', 3, 10, t0 + 100), { granted: 0, windowStart: leases[0]?.windowStart });
        const next = await c.leaseRequests('k1', 3, 10, (leases[0]?.windowStart ?? 0) + RATE_WINDOW_MS);
        assert.equal(next.granted, 3);
        assert.equal(next.windowStart, (leases[0]?.windowStart ?? 0) + RATE_WINDOW_MS);
        assert.equal((await c.leaseRequests('k2', 50, 10, t0)).granted, 10, 'another key has its own window, capped at its limit');
      });
    });

    test('spend adds up across callers, per day and month period, and 0 reads', async () => {
      await withStore(open, async (s) => {
        const c = createSharedCounters(s.db);
        const d = { keyId: 'k1', dayStart: 1000, monthStart: 500 };
        await Promise.all([c.addSpend([{ ...d, usd: 0.25 }]), c.addSpend([{ ...d, usd: 0.5 }])]);
        assert.deepEqual((await c.addSpend([{ ...d, usd: 0 }])).get('k1'), { day: 0.75, month: 0.75 });
        const nextDay = (await c.addSpend([{ ...d, dayStart: 2000, usd: 1 }])).get('k1');
        assert.deepEqual(nextDay, { day: 1, month: 1.75 });
      });
    });
  });
}
