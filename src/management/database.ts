import type { Context, Hono } from 'hono';
import { SwitchyardError } from '../core/index.js';
import { CHANGE_TOPICS, type SnapshotRepo } from '../storage/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';

function snapshotOf(deps: ManagementDeps): SnapshotRepo {
  if (!deps.snapshot) throw new SwitchyardError('INTERNAL', 'database snapshots are not available', { status: 503, expose: true });
  return deps.snapshot;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new SwitchyardError('INVALID_JSON', 'the import file is not valid JSON');
  }
}

/**
 * /api/settings/database: export everything as JSON (secrets stay hashed or
 * encrypted as stored), import a snapshot all-or-nothing, or wipe. Each is audited.
 */
export function registerDatabase(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/settings/database', async (c) => {
    const snapshot = await snapshotOf(deps).export();
    await deps.audit.record(c, 'database.export', 'success');
    c.header('content-disposition', `attachment; filename="switchyard-${new Date().toISOString().slice(0, 10)}.json"`);
    return c.json(snapshot);
  });

  app.post('/api/settings/database', async (c) => {
    const repo = snapshotOf(deps);
    const body = await readJson(c);
    try {
      const result = await repo.import(body);
      for (const t of CHANGE_TOPICS) deps.events.emit(t);
      await deps.audit.record(c, 'database.import', 'success', { counts: result.counts });
      return c.json({ imported: true, counts: result.counts });
    } catch (err) {
      await deps.audit.record(c, 'database.import', 'failure');
      throw err;
    }
  });

  app.delete('/api/settings/database', async (c) => {
    await snapshotOf(deps).wipe();
    for (const t of CHANGE_TOPICS) deps.events.emit(t);
    await deps.audit.record(c, 'database.wipe', 'success');
    return c.json({ wiped: true });
  });
}
