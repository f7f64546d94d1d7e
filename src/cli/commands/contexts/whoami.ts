import type { RunContext } from '../../command-spec.js';
import { formatTime } from '../../output.js';

interface Whoami {
  kind?: string;
  actor?: string;
  scope?: string;
  expiresAt?: number | null;
  loopback?: boolean;
  token?: { name?: string; prefix?: string; id?: string };
  server?: { version?: string };
}

const KIND: Record<string, string> = {
  token: 'access token',
  cli: 'CLI machine token (loopback)',
  oidc: 'OIDC bearer token',
  session: 'dashboard session',
  anonymous: 'anonymous (requireLogin is off, loopback only)',
};

export async function run(ctx: RunContext): Promise<void> {
  const client = ctx.client();
  const me = await client.get<Whoami>('/api/cli/whoami');
  if (ctx.out.json) return ctx.out.data({ server: client.url, ...me });
  const rows: [string, string][] = [
    ['Server', `${client.url}${me.server?.version ? ` (Switchyard ${me.server.version})` : ''}`],
    ['Credential', KIND[me.kind ?? ''] ?? me.kind ?? 'unknown'],
    ...(me.token ? ([['Token', `${me.token.name ?? ''} ${me.token.prefix ?? ''} (${me.token.id ?? ''})`.trim()]] as [string, string][]) : []),
    ['Actor', me.actor ?? '-'],
    ['Scope', me.scope ?? '-'],
    ['Expires', me.expiresAt ? formatTime(me.expiresAt) : 'never'],
  ];
  for (const [k, v] of rows) ctx.out.line(`${(k + ':').padEnd(12)}${v}`);
}
