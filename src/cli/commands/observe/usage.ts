import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { formatUsd } from '../../output.js';
import { optString } from '../../parse.js';

export interface Group {
  group: string | null;
  name?: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Absent from servers older than the cache-token migration. */
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  costUsd: number;
}

export async function run(ctx: RunContext): Promise<void> {
  const by = optString(ctx.opts, 'by') ?? 'model';
  if (!['key', 'model', 'provider'].includes(by)) throw new CliError(`--by must be key, model or provider, got '${by}'`, EXIT.usage);
  const since = optString(ctx.opts, 'since') ?? '7d';
  const res = await ctx.client().get<{ since: string; groups: Group[]; totals: Omit<Group, 'group'> }>('/api/usage', { query: { since, by } });
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.line(`Usage since ${res.since}, by ${by}`);
  ctx.out.table(
    [...res.groups, { group: 'TOTAL', ...res.totals }],
    [
      { header: by.toUpperCase(), value: (g) => (by === 'key' && g.group !== 'TOTAL' ? `${g.name ?? '-'} (${g.group ?? '-'})` : (g.group ?? '(none)')) },
      { header: 'REQUESTS', value: (g) => g.requests, align: 'right' },
      { header: 'ERRORS', value: (g) => g.errors, align: 'right' },
      { header: 'IN TOKENS', value: (g) => g.inputTokens, align: 'right' },
      { header: 'CACHE READ', value: (g) => g.cachedInputTokens ?? 0, align: 'right' },
      { header: 'CACHE WRITE', value: (g) => g.cacheWriteTokens ?? 0, align: 'right' },
      { header: 'OUT TOKENS', value: (g) => g.outputTokens, align: 'right' },
      { header: 'COST', value: (g) => formatUsd(g.costUsd), align: 'right' },
    ],
  );
}
