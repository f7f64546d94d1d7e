import type { RunContext } from '../../command-spec.js';
import { backendArg, type TunnelStatus } from './shared.js';

export async function run(ctx: RunContext): Promise<void> {
  const backend = backendArg(ctx.args[0]);
  const client = ctx.client();
  const status =
    backend === 'tailscale'
      ? await client.request<TunnelStatus>('POST', '/api/tunnels/tailscale/disable', { body: {} })
      : await client.request<TunnelStatus>('POST', `/api/tunnels/${backend}`, { body: { action: 'disable' } });
  if (ctx.out.json) return ctx.out.data(status);
  ctx.out.success(`${backend} is ${status.phase}`);
}
