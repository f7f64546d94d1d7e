import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const [name] = ctx.args as [string];
  const res = await ctx.client().request<{ name: string }>('DELETE', `/api/combos/${encodeURIComponent(name)}`);
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.success(`Removed combo '${res.name}'`);
}
