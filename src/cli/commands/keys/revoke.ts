import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string];
  const res = await ctx.client().request<{ id: string; name: string; alreadyRevoked: boolean }>(
    'DELETE',
    `/api/keys/${encodeURIComponent(ref)}`,
  );
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.success(res.alreadyRevoked ? `Key '${res.name}' (${res.id}) was already revoked` : `Revoked key '${res.name}' (${res.id})`);
}
