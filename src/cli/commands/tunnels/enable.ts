import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { withProgress } from '../../output.js';
import { backendArg, readStdinSecret, type TunnelStatus } from './shared.js';

const WAIT_MS = 120_000;

export async function run(ctx: RunContext): Promise<void> {
  const backend = backendArg(ctx.args[0]);
  const client = ctx.client();
  const authToken = ctx.opts.authTokenStdin === true ? readStdinSecret('authtoken') : undefined;
  if (authToken && backend !== 'ngrok') throw new CliError('--auth-token-stdin is for ngrok only', EXIT.usage);
  const sudoPassword = ctx.opts.sudoPasswordStdin === true ? readStdinSecret('sudo password') : undefined;
  const status = await withProgress(`starting ${backend}…`, async () => {
    let s =
      backend === 'tailscale'
        ? await client.request<TunnelStatus>('POST', '/api/tunnels/tailscale/enable', { body: sudoPassword ? { sudoPassword } : {}, timeoutMs: WAIT_MS })
        : await client.request<TunnelStatus>('POST', `/api/tunnels/${backend}`, { body: { action: 'enable', ...(authToken ? { authToken } : {}) }, timeoutMs: WAIT_MS });
    const deadline = Date.now() + WAIT_MS;
    while (s.phase === 'starting' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      s = await client.get<TunnelStatus>(`/api/tunnels/${backend}`);
    }
    return s;
  });
  if (ctx.out.json) {
    ctx.out.data(status);
  } else if (status.phase === 'running') {
    ctx.out.success(`${backend} is running`);
    ctx.out.line(`  Public URL:  ${status.publicUrl}`);
    ctx.out.line(`  Client URL:  ${status.apiUrl}   (paste as the OpenAI base URL, with an sk-sy- key)`);
  } else if (status.funnelNotEnabled) {
    ctx.out.warn(`Funnel is not enabled for this tailnet; turn it on at ${status.enableUrl}, then run this again`);
  }
  if (status.phase !== 'running') {
    throw new CliError(`${backend}: ${status.lastError ?? `the tunnel is ${status.phase}`}`, EXIT.error);
  }
}
