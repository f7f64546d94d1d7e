import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string];
  const res = await ctx.client().request<{ id: string; name: string }>('DELETE', `/api/providers/${encodeURIComponent(ref)}`, {
    query: { force: ctx.opts.force === true ? 'true' : undefined },
  });
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.success(`Removed provider '${res.name}' (${res.id})`);
}
