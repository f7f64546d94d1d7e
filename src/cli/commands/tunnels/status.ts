import type { RunContext } from '../../command-spec.js';
import { BACKENDS, type TunnelStatus } from './shared.js';

export async function run(ctx: RunContext): Promise<void> {
  const client = ctx.client();
  const rows = await Promise.all(BACKENDS.map(async (name) => ({ name, ...(await client.get<TunnelStatus>(`/api/tunnels/${name}`)) })));
  if (ctx.out.json) return ctx.out.data(Object.fromEntries(rows.map(({ name, ...s }) => [name, s])));
  ctx.out.table(rows, [
    { header: 'BACKEND', value: (r) => r.name },
    { header: 'PHASE', value: (r) => r.phase },
    { header: 'PUBLIC URL', value: (r) => r.publicUrl ?? '-' },
    { header: 'NOTES', value: (r) => r.lastError ?? '' },
  ]);
}
