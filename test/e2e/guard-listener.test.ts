// The guard on its own over real sockets and real SQLite: a tunnel's ingress
// listener is never loopback, and an unreadable credential store answers 503.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { generateAccessToken } from '../../src/core/index.js';
import { createAuditLog, createGuard, markTunnelIngress, type GuardVariables } from '../../src/guard/index.js';
import { createChangeBus, createRepos, createSecretBox, openDatabase, type Db } from '../../src/storage/index.js';
import { bearer, cli, send } from '../helpers/guard-server.js';

let dir: string;
let db: Db;
const servers: Server[] = [];
let mainUrl = '';
let ingressUrl = '';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-listener-'));
  db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  const repos = createRepos(db, createSecretBox(Buffer.alloc(32, 1)));
  const audit = createAuditLog({ file: join(dir, 'audit.jsonl'), repo: repos.audit });
  const guard = createGuard({ repos, config: { host: '127.0.0.1' }, events: createChangeBus(), audit, env: {} });
  const app = new Hono<{ Variables: GuardVariables }>();
  app.use('/api/*', guard.middleware);
  app.get('/api/models', (c) => c.json({ principal: c.get('principal').kind, loopback: c.get('loopback') }));
  const listener = getRequestListener(app.fetch);
  mainUrl = await listen(createServer(listener));
  const ingress = createServer(listener);
  ingress.on('connection', markTunnelIngress);
  ingressUrl = await listen(ingress);
});

after(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await db.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('requests through the tunnel ingress listener are not loopback', async () => {
  const direct = await send(mainUrl, '/api/models', { headers: cli });
  assert.equal(direct.status, 200);
  assert.deepEqual(direct.json(), { principal: 'cli', loopback: true });
  const tunneled = await send(ingressUrl, '/api/models', { headers: cli });
  assert.equal(tunneled.status, 401);
});

test('an unreadable credential store answers 503, never allow', async () => {
  await db.close();
  // Settings and tokens are cached for one second (docs/decisions.md); after that every check reads the store.
  await new Promise((r) => setTimeout(r, 1100));
  for (const headers of [cli, bearer(generateAccessToken()), {}]) {
    const r = await send(mainUrl, '/api/models', { headers });
    assert.equal(r.status, 503, JSON.stringify(headers));
    assert.equal(r.json().error?.code, 'CREDENTIAL_STORE_UNAVAILABLE');
  }
});
