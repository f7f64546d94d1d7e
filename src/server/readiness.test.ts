import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Gateway } from '../gateway/index.js';
import { openDatabase } from '../storage/index.js';
import { createRequestListener } from './app.js';
import { listen } from './listen.js';
import { createReadiness, type NotReadyReason } from './readiness.js';

test('/api/ready: 503 starting, 200 ready, 503 database while it does not answer, 503 draining; never loads management', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-ready-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = await openDatabase({ sqliteFile: join(dir, 'db.sqlite') });
  const events: [boolean, unknown][] = [];
  const readiness = createReadiness(db, { onDatabase: (up, err) => void events.push([up, err]) });
  t.after(() => readiness.close());
  let reason: () => NotReadyReason | null = readiness.reason;
  let loads = 0;
  const server = createServer(
    createRequestListener({ handle: () => {} } as Pick<Gateway, 'handle'> as Gateway, async () => (loads++, () => {}), {
      logger: { error: () => {} },
      hosts: new Set<string>(),
      ready: () => reason(),
    }),
  );
  const base = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const ready = async () => {
    const res = await fetch(`${base}/api/ready`);
    return [res.status, (await res.json()) as unknown];
  };

  assert.deepEqual(await ready(), [503, { status: 'starting' }]);
  readiness.started();
  assert.deepEqual(await ready(), [200, { status: 'ready' }]);
  assert.equal((await fetch(`${base}/api/ready?x=1`, { method: 'HEAD' })).status, 200);

  await db.close(); // the probe's `select 1` now fails
  for (let i = 0; i < 100 && readiness.reason() !== 'database'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await ready(), [503, { status: 'database' }]);
  assert.equal(events[0]?.[0], false, 'the outage is reported once');

  readiness.draining();
  assert.deepEqual(await ready(), [503, { status: 'draining' }]);
  reason = () => null;
  assert.equal(loads, 0);
});
