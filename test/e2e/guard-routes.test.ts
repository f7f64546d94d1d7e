// Every route the real management app registers must have a row in the
// guard's table (a tier and a scope): a new route cannot ship unclassified.
// And the rows SPEC §2/§3 name must classify as the spec says.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { pino } from 'pino';
import { createGateway } from '../../src/gateway/index.js';
import { classifyRoute, createAuditLog } from '../../src/guard/index.js';
import { createManagementApp, type ApiEnv } from '../../src/management/index.js';
import { loadConfig } from '../../src/server/index.js';
import { createChangeBus, createRepos, createSecretBox, createSnapshotRepo, openDatabase, type Db } from '../../src/storage/index.js';

let dir: string;
let db: Db;
let app: Hono<ApiEnv>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-routes-'));
  const config = loadConfig({ stateDir: dir, port: 0 }, {});
  const box = createSecretBox(Buffer.alloc(32, 7));
  db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  const repos = createRepos(db, box);
  const events = createChangeBus();
  const logger = pino({ level: 'silent' });
  const audit = createAuditLog({ file: join(dir, 'audit.jsonl'), repo: repos.audit });
  app = createManagementApp({
    config,
    repos,
    events,
    logger,
    instanceDir: dir,
    audit,
    gateway: createGateway({ config, repos, events, logger }),
    snapshot: createSnapshotRepo(db, { box, events }),
    requestShutdown: () => {},
  });
});

after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `/api/keys/:id` → `/api/keys/x1`, `/api/mcp/*` → `/api/mcp/x1`. */
const concrete = (pattern: string): string => pattern.replace(/:[^/]+/g, 'x1').replace(/\*$/, 'x1');

test('every registered /api route has a row in the tier table', () => {
  const unclassified: string[] = [];
  let checked = 0;
  for (const r of app.routes) {
    // Middleware (the guard, body limit) is registered with use() on /api/*.
    if (r.method === 'ALL' && r.path === '/api/*') continue;
    const methods = r.method === 'ALL' ? ['GET', 'POST', 'DELETE'] : [r.method];
    for (const m of methods) {
      checked++;
      const c = classifyRoute(m, concrete(r.path));
      if (!c.rule || !c.tier || !c.scope) unclassified.push(`${m} ${r.path}`);
    }
  }
  assert.ok(checked > 20, `only ${checked} routes found`);
  assert.deepEqual(unclassified, [], 'add a row for each to src/guard/tiers.ts');
});

test('the SPEC §2/§3 routes classify as the spec says', () => {
  const expect: Array<[string, string, string, string]> = [
    ['GET', '/api/health', 'PUBLIC', 'read'],
    ['POST', '/api/auth/login', 'PUBLIC', 'write'],
    ['POST', '/api/cli/connect', 'PUBLIC', 'write'],
    ['GET', '/api/cli/whoami', 'MANAGEMENT', 'read'],
    ['GET', '/api/cli/tokens', 'MANAGEMENT', 'admin'],
    ['POST', '/api/cli/tokens', 'MANAGEMENT', 'admin'],
    ['DELETE', '/api/cli/tokens/tok_1', 'MANAGEMENT', 'admin'],
    ['POST', '/api/cli/tokens/delegate', 'MANAGEMENT', 'read'],
    ['GET', '/api/providers', 'MANAGEMENT', 'read'],
    ['POST', '/api/providers', 'MANAGEMENT', 'admin'],
    ['PATCH', '/api/providers/p1', 'MANAGEMENT', 'admin'],
    ['DELETE', '/api/providers/p1', 'MANAGEMENT', 'admin'],
    ['POST', '/api/providers/p1/test', 'MANAGEMENT', 'write'],
    ['GET', '/api/providers/status', 'MANAGEMENT', 'read'],
    ['GET', '/api/models', 'MANAGEMENT', 'read'],
    ['GET', '/api/keys', 'MANAGEMENT', 'read'],
    ['POST', '/api/keys', 'MANAGEMENT', 'write'],
    ['DELETE', '/api/keys/k1', 'MANAGEMENT', 'write'],
    ['PUT', '/api/combos/c1', 'MANAGEMENT', 'write'],
    ['GET', '/api/settings', 'MANAGEMENT', 'read'],
    ['PATCH', '/api/settings', 'MANAGEMENT', 'write'],
    ['GET', '/api/usage', 'MANAGEMENT', 'read'],
    ['GET', '/api/cost', 'MANAGEMENT', 'read'],
    ['GET', '/api/logs', 'MANAGEMENT', 'read'],
    ['GET', '/api/audit', 'MANAGEMENT', 'admin'],
    ['GET', '/api/tunnels/cloudflared', 'MANAGEMENT', 'admin'],
    ['POST', '/api/tunnels/ngrok', 'MANAGEMENT', 'admin'],
    ['POST', '/api/tunnels/tailscale/install', 'LOCAL_ONLY', 'admin'],
    ['POST', '/api/tunnels/tailscale/start-daemon', 'LOCAL_ONLY', 'admin'],
    ['POST', '/api/mcp/', 'LOCAL_ONLY', 'read'],
    ['GET', '/api/mcp', 'LOCAL_ONLY', 'read'],
    ['POST', '/api/providers/p1/sync', 'MANAGEMENT', 'admin'],
    ['POST', '/api/shutdown', 'ALWAYS_PROTECTED', 'admin'],
    ['GET', '/api/settings/database', 'ALWAYS_PROTECTED', 'admin'],
    ['POST', '/api/settings/database', 'ALWAYS_PROTECTED', 'admin'],
    ['DELETE', '/api/settings/database', 'ALWAYS_PROTECTED', 'admin'],
    ['POST', '/api/unknown-thing', 'MANAGEMENT', 'write'],
    ['GET', '/metrics', 'MANAGEMENT', 'read'],
    ['POST', '/metrics', 'MANAGEMENT', 'read'],
  ];
  for (const [method, path, tier, scope] of expect) {
    const c = classifyRoute(method, path);
    assert.deepEqual([c.tier, c.scope], [tier, scope], `${method} ${path}`);
  }
  assert.equal(classifyRoute('POST', '/api/mcp/').adminBypass, true);
  assert.equal(classifyRoute('POST', '/api/tunnels/tailscale/install').adminBypass, false);
  // SPEC §8: /metrics is "read scope, or loopback" — open to loopback for reading only.
  assert.equal(classifyRoute('GET', '/metrics').loopbackOpen, true);
  assert.equal(classifyRoute('HEAD', '/metrics').loopbackOpen, true);
  assert.equal(classifyRoute('POST', '/metrics').loopbackOpen, false);
  assert.equal(classifyRoute('GET', '/api/keys').loopbackOpen, false);
});
