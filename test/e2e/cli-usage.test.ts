// logs, usage and cost through the CLI over recorded usage rows (written
// straight into the server's SQLite file, as the gateway's recorder would).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UsageRecord } from '../../src/core/index.js';
import { createRepos, createSecretBox, loadSecretKey, openSqlite, type Db } from '../../src/storage/index.js';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
let db: Db;
const cli = (...args: string[]) => runCli(args, { env });
const now = Date.now();

function row(i: number, over: Partial<UsageRecord>): UsageRecord {
  return {
    requestId: `req_test${i}`,
    ts: now - i * 1000,
    keyId: null,
    api: 'chat',
    stream: false,
    provider: 'up',
    model: 'm',
    combo: null,
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0, cacheWriteTokens: 0,
    costUsd: 0.5,
    latencyMs: 20,
    ttfbMs: null,
    status: 200,
    errorCode: null,
    fallbackPath: ['up/m'],
    ...over,
  };
}

before(async () => {
  dir = tempDir('cli-usage');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
  db = await openSqlite(join(server.instanceDir, 'switchyard.db'));
  const repos = createRepos(db, createSecretBox(loadSecretKey(server.instanceDir, undefined)));
  await repos.usage.insertMany([
    row(1, {}),
    row(2, { model: 'n', costUsd: 1.25, cachedInputTokens: 40, cacheWriteTokens: 20 }),
    row(3, { provider: 'other', model: 'x', status: 502, errorCode: 'UPSTREAM_ERROR', costUsd: 0 }),
    row(4, { ts: now - 40 * 86_400_000 }), // outside the default windows
  ]);
});

after(async () => {
  await db?.close();
  await server?.stop();
  dir?.cleanup();
});

test('logs lists recent requests newest first, with --limit', async () => {
  const records = json<UsageRecord[]>(await cli('logs', '--json'));
  assert.deepEqual(records.map((r) => r.requestId), ['req_test1', 'req_test2', 'req_test3', 'req_test4']);
  assert.equal(json<UsageRecord[]>(await cli('logs', '--limit', '2', '--json')).length, 2);
  const human = await cli('logs');
  assert.equal(human.code, 0);
  assert.match(human.stdout, /UPSTREAM_ERROR/);
});

test('usage groups by model, provider and key within --since', async () => {
  const byModel = json<{ groups: { group: string; requests: number; costUsd: number }[]; totals: { requests: number; errors: number } }>(
    await cli('usage', '--json'),
  );
  assert.deepEqual(byModel.groups.map((g) => [g.group, g.requests]), [['m', 1], ['n', 1], ['x', 1]]);
  assert.deepEqual([byModel.totals.requests, byModel.totals.errors], [3, 1]);
  const byProvider = json<{ groups: { group: string; requests: number }[] }>(await cli('usage', '--by', 'provider', '--since', '60d', '--json'));
  assert.deepEqual(byProvider.groups.map((g) => [g.group, g.requests]), [['other', 1], ['up', 3]]);
  assert.equal((await cli('usage', '--by', 'colour')).code, 2);
  const badSince = await cli('usage', '--since', 'yesterday');
  assert.equal(badSince.code, 2);
  assert.match(badSince.stderr, /since/);
  assert.match((await cli('usage', '--by', 'key')).stdout, /TOTAL/);
});

test('usage shows cache reads and writes apart from the other input tokens', async () => {
  const res = json<{ groups: { group: string; cachedInputTokens: number; cacheWriteTokens: number }[]; totals: { cachedInputTokens: number; cacheWriteTokens: number } }>(
    await cli('usage', '--json'),
  );
  assert.deepEqual(res.groups.map((g) => [g.group, g.cachedInputTokens, g.cacheWriteTokens]), [['m', 0, 0], ['n', 40, 20], ['x', 0, 0]]);
  assert.deepEqual([res.totals.cachedInputTokens, res.totals.cacheWriteTokens], [40, 20]);
  const human = (await cli('usage')).stdout;
  assert.match(human, /CACHE READ\s+CACHE WRITE/);
  assert.match(human, /^n\s+1\s+0\s+100\s+40\s+20\s+10\s/m);
});

test('cost totals by day and by model', async () => {
  const cost = json<{ totals: { costUsd: number; requests: number }; byModel: { group: string; costUsd: number }[] }>(await cli('cost', '--json'));
  assert.equal(cost.totals.requests, 3);
  assert.equal(cost.totals.costUsd, 1.75);
  assert.equal(cost.byModel.find((g) => g.group === 'n')?.costUsd, 1.25);
  assert.match((await cli('cost')).stdout, /\$1\.75/);
});
