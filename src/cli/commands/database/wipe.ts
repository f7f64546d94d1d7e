import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';

export async function run(ctx: RunContext): Promise<void> {
  if (ctx.opts.yes !== true) throw new CliError('database wipe deletes everything; add --yes to confirm', EXIT.usage);
  const res = await ctx.client().request<unknown>('DELETE', '/api/settings/database');
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.success(`Wiped the database at ${ctx.client().url}`);
}
