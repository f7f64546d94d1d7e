// The response store over a real SQLite file: size cap, expiry, per-key reads, and no race with a follow-up.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { SwitchyardError } from '../../core/index.js';
import { createRepos, createSecretBox, openDatabase, type Db, type Repos } from '../../storage/index.js';
import { createResponseStore } from './store.js';
import type { ResponsesTurn } from './types.js';

let dir: string;
let db: Db;
let repos: Repos;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-store-'));
  db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  repos = createRepos(db, createSecretBox(randomBytes(32)));
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

let n = 0;
function turn(over: Partial<ResponsesTurn> = {}, text = 'answer'): ResponsesTurn {
  const id = `resp_t${++n}`;
  const answer = JSON.stringify({ id, object: 'response', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] });
  return { store: true, previousResponseId: null, input: [{ role: 'user', content: 'q' }], answer, ...over };
}
const idOf = (t: ResponsesTurn): string => (JSON.parse(t.answer ?? '{}') as { id: string }).id;
const notFound = (err: unknown) => err instanceof SwitchyardError && err.code === 'RESPONSE_NOT_FOUND' && err.status === 404;

test('a read right after save finds it even when the write is slow (a pooled PostgreSQL connection); another key does not', async () => {
  // The real repository, its writes delayed: on SQLite's one connection the INSERT would run first anyway.
  const slow = { ...repos.responses, put: async (r: Parameters<Repos['responses']['put']>[0]) => (await new Promise((res) => setTimeout(res, 100)), repos.responses.put(r)) };
  const store = createResponseStore({ repo: slow, ttlMs: 60_000, maxBytes: 1 << 20, logger: captureLogger().logger });
  const t = turn();
  store.save(t, 'key_a');
  const got = await store.get(idOf(t), 'key_a');
  assert.equal(got.response.id, idOf(t));
  assert.equal(got.response.store, true);
  await assert.rejects(store.get(idOf(t), 'key_b'), notFound);
});

test('store: false, a missing answer or an over-size body keeps nothing; the size warning is logged once', async () => {
  const { logger, lines } = captureLogger();
  const store = createResponseStore({ repo: repos.responses, ttlMs: 60_000, maxBytes: 2_000, logger });
  const off = turn({ store: false });
  const none = { ...turn(), answer: null };
  const big1 = turn({}, 'x'.repeat(3_000));
  const big2 = turn({}, 'y'.repeat(3_000));
  const small = turn();
  for (const t of [off, none, big1, big2, small]) store.save(t, 'key_a');
  await store.flush();
  await assert.rejects(store.get(idOf(off), 'key_a'), notFound);
  await assert.rejects(store.get(idOf(big1), 'key_a'), notFound);
  await assert.rejects(store.get(idOf(big2), 'key_a'), notFound);
  assert.ok(await store.get(idOf(small), 'key_a'));
  const warnings = lines.filter((l) => String(l.msg).includes('storeMaxBytes'));
  assert.equal(warnings.length, 1, JSON.stringify(lines));
});

test('expiry: unreadable after the TTL, then purged by a later write', async () => {
  let clock = 1_000_000;
  const store = createResponseStore({ repo: repos.responses, ttlMs: 500, maxBytes: 1 << 20, logger: captureLogger().logger, now: () => clock });
  const t = turn();
  store.save(t, 'key_a');
  assert.ok(await store.get(idOf(t), 'key_a'));
  clock += 500;
  await assert.rejects(store.get(idOf(t), 'key_a'), notFound);
  await assert.rejects(store.remove(idOf(t), 'key_a'), notFound);
  clock += 120_000; // past the purge interval: the next write deletes the expired row
  store.save(turn(), 'key_a');
  await store.flush();
  await new Promise((r) => setTimeout(r, 50));
  const row = await db.kysely.selectFrom('stored_responses').select('id').where('id', '=', idOf(t)).executeTakeFirst();
  assert.equal(row, undefined);
});

test('remove: gone for its key afterwards; an id of the wrong shape is a 404 without a look-up', async () => {
  const store = createResponseStore({ repo: repos.responses, ttlMs: 60_000, maxBytes: 1 << 20, logger: captureLogger().logger });
  const t = turn();
  store.save(t, 'key_a');
  await assert.rejects(store.remove(idOf(t), 'key_b'), notFound);
  await store.remove(idOf(t), 'key_a');
  await assert.rejects(store.get(idOf(t), 'key_a'), notFound);
  await assert.rejects(store.get('../../x', 'key_a'), notFound);
  await assert.rejects(store.get('', 'key_a'), notFound);
});
