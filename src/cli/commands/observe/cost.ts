import type { RunContext } from '../../command-spec.js';
import { formatUsd } from '../../output.js';
import { optString } from '../../parse.js';
import type { Group } from './usage.js';

export async function run(ctx: RunContext): Promise<void> {
  const since = optString(ctx.opts, 'since') ?? '30d';
  const res = await ctx.client().get<{ since: string; totals: Omit<Group, 'group'>; byDay: Group[]; byModel: Group[] }>('/api/cost', {
    query: { since },
  });
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.line(`Cost since ${res.since}: ${formatUsd(res.totals.costUsd)} over ${res.totals.requests} requests`);
  const columns = (label: string) => [
    { header: label, value: (g: Group) => g.group ?? '(none)' },
    { header: 'REQUESTS', value: (g: Group) => g.requests, align: 'right' as const },
    { header: 'COST', value: (g: Group) => formatUsd(g.costUsd), align: 'right' as const },
  ];
  ctx.out.line('');
  ctx.out.table(res.byDay, columns('DAY'), 'No requests in this period.');
  if (res.byModel.length) {
    ctx.out.line('');
    ctx.out.table([...res.byModel].sort((a, b) => b.costUsd - a.costUsd), columns('MODEL'));
  }
}
