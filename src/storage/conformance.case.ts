/**
 * The storage conformance suite: every repository of ports.ts, the migrations
 * and the snapshot, run once per engine (sqlite.test.ts, postgres.test.ts).
 * `open` must give a fresh, migrated, empty database each time it is called.
 */
import { describe } from 'node:test';
import { authStateCases } from './conformance/auth-state.case.js';
import { entityCases } from './conformance/entities.case.js';
import { fleetCases } from './conformance/fleet.case.js';
import type { OpenStore } from './conformance/fixture.case.js';
import { migrationCases } from './conformance/migrations.case.js';
import { responseCases } from './conformance/responses.case.js';
import { snapshotCases } from './conformance/snapshot.case.js';
import { usageCases } from './conformance/usage.case.js';
import { usageRollupCases } from './conformance/usage-rollups.case.js';

export type { OpenStore, StorageFixture } from './conformance/fixture.case.js';

export function runStorageConformance(name: string, open: OpenStore, opts: { skip?: string | false } = {}): void {
  describe(`storage conformance: ${name}`, { skip: opts.skip ?? false }, () => {
    entityCases(open);
    usageCases(open);
    usageRollupCases(open);
    authStateCases(open);
    migrationCases(open);
    snapshotCases(open);
    fleetCases(open);
    responseCases(open);
  });
}
