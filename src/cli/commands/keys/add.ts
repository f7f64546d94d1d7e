import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { optString, parseList, parseNumberFlag } from '../../parse.js';
import type { KeyRow } from './list.js';

export async function run(ctx: RunContext): Promise<void> {
  const name = optString(ctx.opts, 'name');
  if (!name) throw new CliError('keys add needs --name <name>', EXIT.usage);
  const body = {
    name,
    allowedModels: parseList(optString(ctx.opts, 'models')),
    rpmLimit: parseNumberFlag(optString(ctx.opts, 'rpm'), '--rpm', { integer: true }),
    dailyBudgetUsd: parseNumberFlag(optString(ctx.opts, 'dailyBudget'), '--daily-budget'),
    monthlyBudgetUsd: parseNumberFlag(optString(ctx.opts, 'monthlyBudget'), '--monthly-budget'),
    expiresInDays: parseNumberFlag(optString(ctx.opts, 'expires'), '--expires'),
  };
  const created = await ctx.client().request<KeyRow & { key: string }>('POST', '/api/keys', { body });
  if (ctx.out.json) return ctx.out.data(created);
  ctx.out.success(`Created key '${created.name}' (${created.id})`);
  ctx.out.line('');
  ctx.out.line(`  ${created.key}`);
  ctx.out.line('');
  ctx.out.line('  This is the only time the key is shown. Store it now; the server keeps only its hash.');
  ctx.out.line(`  Use it against ${ctx.client().url}/v1 as 'Authorization: Bearer <key>' (or 'x-api-key: <key>').`);
}
