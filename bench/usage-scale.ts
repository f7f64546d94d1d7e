// Usage at scale (issue #18): seeds N usage rows over the last 30 days through the
// storage layer (so the hourly rollups are kept exactly as in production), then
// times `usage --since 30d --by model` and the cost summary (by day + by model,
// what GET /api/cost runs), against the rollups and, for comparison, the raw table.
//   node --import tsx bench/usage-scale.ts [--rows 10000000] [--database-url postgres://…] [--keep FILE]
// Without --database-url: a fresh SQLite file in a temp directory. With it, the
// database must be empty of usage rows (a fresh database; the script never deletes).
// Target (issue #18): under 300 ms at 10 M rows on both engines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { UsageRecord } from '../src/core/index.js';
import { createRepos, createSecretBox, openDatabase } from '../src/storage/index.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, 'database-url': { type: 'string' }, runs: { type: 'string', default: '5' } } });
const total = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(runs) || runs <= 0) {
  console.error('usage-scale: --rows and --runs take positive integers');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'sy-usage-scale-'));
const db = await openDatabase({ sqliteFile: join(dir, 'usage.db'), databaseUrl: values['database-url'] });
const repos = createRepos(db, createSecretBox(Buffer.alloc(32, 7)));
if ((await repos.usage.count()) > 0) {
  console.error('usage-scale: the database already holds usage rows; give it a fresh one');
  process.exit(2);
}

const DAY = 86_400_000;
const now = Date.now();
const KEYS = 50;
const MODELS = 20;
const BATCH = 5_000;
const t0 = performance.now();
for (let i = 0; i < total; i += BATCH) {
  const rows: UsageRecord[] = [];
  for (let j = i; j < Math.min(total, i + BATCH); j++) {
    const m = j % MODELS;
    rows.push({
      requestId: `req_seed_${j.toString(36).padStart(10, '0')}`,
      ts: now - 30 * DAY + Math.floor((j / total) * 30 * DAY),
      keyId: `key_${j % KEYS}`,
      api: 'chat',
      stream: j % 2 === 0,
      provider: `p${m % 5}`,
      model: `p${m % 5}/m${m}`,
      combo: null,
      inputTokens: 100 + (j % 400),
      outputTokens: 20 + (j % 200),
      cachedInputTokens: 0, cacheWriteTokens: 0,
      costUsd: 0.0001 * (1 + (j % 7)),
      latencyMs: 200,
      ttfbMs: 50,
      status: j % 50 === 0 ? 500 : 200,
      errorCode: null,
      fallbackPath: [],
    });
  }
  await repos.usage.insertMany(rows);
  if ((i / BATCH) % 200 === 0 && i > 0) console.error(`seeded ${i.toLocaleString('en')} rows (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
const seedMs = performance.now() - t0;

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const since = now - 30 * DAY;
const byModel = await median(() => repos.usage.summarize({ since, by: 'model' }));
const cost = await median(() => Promise.all([repos.usage.summarize({ since, by: 'day' }), repos.usage.summarize({ since, by: 'model' })]));
// The same by-model summary straight from the raw table: what the summaries cost before the rollups.
const rawByModel = await median(() =>
  sql`select model, count(*), sum(input_tokens), sum(output_tokens), sum(cost_usd) from usage where ts >= ${since} group by 1 order by 1`.execute(db.kysely),
);
const result = {
  engine: db.engine,
  rows: total,
  seedSeconds: Math.round(seedMs / 100) / 10,
  usageByModelMs: Math.round(byModel * 10) / 10,
  costSummaryMs: Math.round(cost * 10) / 10,
  rawByModelMs: Math.round(rawByModel * 10) / 10,
  targetMs: 300,
};
console.log(JSON.stringify(result));
await db.close();
rmSync(dir, { recursive: true, force: true });
