/** Test support: real repositories over a SQLite file in a temp dir (never an in-memory fake). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { generateInferenceKey, hashInferenceKey, maskInferenceKey, type InferenceKey } from '../../core/index.js';
import { createChangeBus, createRepos, createSecretBox, openDatabase, type ChangeBus, type NewInferenceKey, type Repos } from '../../storage/index.js';

export interface TempRepos {
  repos: Repos;
  events: ChangeBus;
  dir: string;
  close(): Promise<void>;
}

export async function tempRepos(): Promise<TempRepos> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-gw-'));
  const db = await openDatabase({ sqliteFile: join(dir, 'test.db') });
  const repos = createRepos(db, createSecretBox(Buffer.alloc(32, 7)));
  return {
    repos,
    events: createChangeBus(),
    dir,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addKey(repos: Repos, opts: Partial<NewInferenceKey> = {}): Promise<{ secret: string; key: InferenceKey }> {
  const secret = generateInferenceKey();
  const key = await repos.keys.create({
    name: 'test',
    prefix: maskInferenceKey(secret),
    keyHash: hashInferenceKey(secret),
    allowedModels: null,
    rpmLimit: null,
    dailyBudgetUsd: null,
    monthlyBudgetUsd: null,
    expiresAt: null,
    ...opts,
  });
  return { secret, key };
}

export const silentLogger = pino({ level: 'silent' });
