import type { RunContext } from '../../command-spec.js';
import { formatTime, formatUsd } from '../../output.js';

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  status: string;
  allowedModels: string[] | null;
  rpmLimit: number | null;
  dailyBudgetUsd: number | null;
  monthlyBudgetUsd: number | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export async function run(ctx: RunContext): Promise<void> {
  const { keys } = await ctx.client().get<{ keys: KeyRow[] }>('/api/keys');
  if (ctx.out.json) return ctx.out.data(keys);
  ctx.out.table(
    keys,
    [
      { header: 'NAME', value: (k) => k.name },
      { header: 'KEY', value: (k) => k.prefix },
      { header: 'STATUS', value: (k) => k.status },
      { header: 'MODELS', value: (k) => k.allowedModels ?? 'all' },
      { header: 'RPM', value: (k) => k.rpmLimit, align: 'right' },
      { header: 'DAY', value: (k) => (k.dailyBudgetUsd === null ? null : formatUsd(k.dailyBudgetUsd)), align: 'right' },
      { header: 'MONTH', value: (k) => (k.monthlyBudgetUsd === null ? null : formatUsd(k.monthlyBudgetUsd)), align: 'right' },
      { header: 'EXPIRES', value: (k) => (k.expiresAt === null ? null : formatTime(k.expiresAt)) },
      { header: 'ID', value: (k) => k.id },
    ],
    'No keys yet. Create one: switchyard keys add --name my-app',
  );
}
