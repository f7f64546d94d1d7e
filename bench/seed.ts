// Seeds a Switchyard instance for the benchmark before it starts, through the
// storage layer itself (so the rows always match the schema):
//   node --import tsx bench/seed.ts '{"dbFile":…,"secret":…,"upstream":"http://127.0.0.1:P","extraKeys":0}'
// With "databaseUrl" it seeds that (empty) PostgreSQL database instead of the file;
// "rpmLimit" gives the bench key a rate limit (the shared-limit cell).
// Creates providers `mock`, `mockfail` (it answers 500) and `mockslow` (its streams send a chunk every 20 ms), all
// openai-compatible on the mock's chat API; `mockanth` (type anthropic: /v1/messages goes through natively to the
// mock's Messages API) and `mockresp` (openai-compatible with supportsResponses: /v1/responses goes through natively
// to the mock's Responses API), each with model `bench-model` at a price; the combo
// `bench-fallback` (mockfail first, then mock), one inference key (printed as
// JSON), `extraKeys` more keys, and `failCombos` combos `fb-N`
// (mockfail/f-N, then mock/bench-model) so a request can name a combo whose
// failing target has never failed before (no cooldown yet).
import { createHash } from 'node:crypto';
import { generateInferenceKey, hashInferenceKey, newId } from '../src/core/index.js';
import { createRepos, createSecretBox, openDatabase } from '../src/storage/index.js';

interface SeedInput {
  dbFile: string;
  secret: string;
  upstream: string;
  extraKeys: number;
  failCombos?: number;
  databaseUrl?: string;
  rpmLimit?: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as SeedInput;
const db = await openDatabase({ sqliteFile: input.dbFile, databaseUrl: input.databaseUrl });
const repos = createRepos(db, createSecretBox(createHash('sha256').update(input.secret).digest()));
const models = [{ id: 'bench-model', price: { input: 1, output: 2 } }];
const base = { type: 'openai-compatible' as const, preset: null, models, credential: 'sk-mock-upstream', enabled: true, supportsResponses: false };
await repos.providers.create({ ...base, name: 'mock', baseUrl: `${input.upstream}/v1` });
await repos.providers.create({ ...base, name: 'mockfail', baseUrl: `${input.upstream}/fail/v1` });
await repos.providers.create({ ...base, name: 'mockslow', baseUrl: `${input.upstream}/slow/v1` });
// The anthropic adapter appends /v1/messages to an origin (or to a base ending in /v1).
await repos.providers.create({ ...base, type: 'anthropic', name: 'mockanth', baseUrl: input.upstream });
await repos.providers.create({ ...base, name: 'mockresp', baseUrl: `${input.upstream}/v1`, supportsResponses: true });
await repos.combos.create({ name: 'bench-fallback', strategy: 'fallback', targets: [{ model: 'mockfail/bench-model' }, { model: 'mock/bench-model' }] });

async function addKey(name: string, rpmLimit: number | null = null): Promise<string> {
  const key = generateInferenceKey();
  await repos.keys.create({
    name,
    prefix: key.slice(0, 10),
    keyHash: hashInferenceKey(key),
    allowedModels: null,
    rpmLimit,
    dailyBudgetUsd: null,
    monthlyBudgetUsd: null,
    expiresAt: null,
  });
  return key;
}

// The extra keys go in by one multi-row insert per batch: 10,000 awaited inserts would take seconds.
if (input.extraKeys > 0) {
  await db.kysely.transaction().execute(async (trx) => {
    const now = Date.now();
    for (let i = 0; i < input.extraKeys; i += 500) {
      const rows = [];
      for (let j = i; j < Math.min(input.extraKeys, i + 500); j++) {
        const key = generateInferenceKey();
        rows.push({
          id: newId('key'),
          name: `bench-${j}`,
          prefix: key.slice(0, 10),
          key_hash: hashInferenceKey(key),
          allowed_models: null,
          rpm_limit: null,
          daily_budget_usd: null,
          monthly_budget_usd: null,
          expires_at: null,
          revoked_at: null,
          created_at: now,
          last_used_at: null,
        });
      }
      await trx.insertInto('inference_keys').values(rows).execute();
    }
  });
}
const failCombos = input.failCombos ?? 0;
if (failCombos > 0) {
  await db.kysely.transaction().execute(async (trx) => {
    const now = Date.now();
    for (let i = 0; i < failCombos; i += 1000) {
      const rows = [];
      for (let j = i; j < Math.min(failCombos, i + 1000); j++) {
        const targets = JSON.stringify([{ model: `mockfail/f-${j}` }, { model: 'mock/bench-model' }]);
        rows.push({ id: newId('cmb'), name: `fb-${j}`, strategy: 'fallback', targets, created_at: now, updated_at: now });
      }
      await trx.insertInto('combos').values(rows).execute();
    }
  });
}
// The key the bench uses is created last, so it is not the first row a scan would meet.
const key = await addKey('bench', input.rpmLimit ?? null);
await db.close();
process.stdout.write(JSON.stringify({ key }) + '\n');
