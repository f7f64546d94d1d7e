import type { Hono } from 'hono';
import { z } from 'zod';
import type { UsageGroup } from '../storage/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { parseSince } from './since.js';
import { readQuery } from './validate.js';

const usageQuery = z.object({ since: z.string().default('7d'), by: z.enum(['key', 'model', 'provider']).default('model') }).strict();
const costQuery = z.object({ since: z.string().default('30d') }).strict();

export function totalsOf(groups: UsageGroup[]): Omit<UsageGroup, 'group'> {
  const t = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
  for (const g of groups) {
    t.requests += g.requests;
    t.errors += g.errors;
    t.inputTokens += g.inputTokens;
    t.outputTokens += g.outputTokens;
    t.cachedInputTokens += g.cachedInputTokens;
    t.cacheWriteTokens += g.cacheWriteTokens;
    t.costUsd += g.costUsd;
  }
  return t;
}

/** Key ids → names, so a usage table by key is readable (ids stay for scripts). */
async function withKeyNames(deps: ManagementDeps, groups: UsageGroup[]): Promise<(UsageGroup & { name?: string })[]> {
  const names = new Map((await deps.repos.keys.list()).map((k) => [k.id, k.name]));
  return groups.map((g) => ({ ...g, name: g.group === null ? '(no key)' : (names.get(g.group) ?? '(deleted)') }));
}

export function registerUsage(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/usage', async (c) => {
    const q = readQuery(c, usageQuery);
    const since = parseSince(q.since);
    const raw = await deps.repos.usage.summarize({ since, by: q.by });
    const groups = q.by === 'key' ? await withKeyNames(deps, raw) : raw;
    return c.json({ since: new Date(since).toISOString(), by: q.by, groups, totals: totalsOf(raw) });
  });

  app.get('/api/cost', async (c) => {
    const q = readQuery(c, costQuery);
    const since = parseSince(q.since);
    const [byDay, byModel] = await Promise.all([
      deps.repos.usage.summarize({ since, by: 'day' }),
      deps.repos.usage.summarize({ since, by: 'model' }),
    ]);
    return c.json({ since: new Date(since).toISOString(), totals: totalsOf(byDay), byDay, byModel });
  });
}
