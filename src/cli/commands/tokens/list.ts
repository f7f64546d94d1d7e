import type { RunContext } from '../../command-spec.js';
import { formatTime } from '../../output.js';
import { shownPrefix, tokenStatus, type TokenRow } from './token-row.js';

export async function fetchTokens(ctx: RunContext): Promise<TokenRow[]> {
  const res = await ctx.client().get<{ tokens: TokenRow[] } | TokenRow[]>('/api/cli/tokens');
  return Array.isArray(res) ? res : res.tokens;
}

export async function run(ctx: RunContext): Promise<void> {
  const tokens = await fetchTokens(ctx);
  // Even in JSON only the masked prefix leaves this process.
  const rows = tokens.map((t) => ({ ...t, prefix: shownPrefix(t), status: tokenStatus(t) }));
  if (ctx.out.json) return ctx.out.data(rows);
  ctx.out.table(
    rows,
    [
      { header: 'NAME', value: (t) => t.name },
      { header: 'TOKEN', value: (t) => t.prefix },
      { header: 'SCOPE', value: (t) => t.scope },
      { header: 'STATUS', value: (t) => t.status },
      { header: 'EXPIRES', value: (t) => (t.expiresAt === null ? 'never' : formatTime(t.expiresAt)) },
      { header: 'LAST USED', value: (t) => (t.lastUsedAt ? formatTime(t.lastUsedAt) : null) },
      { header: 'ID', value: (t) => t.id },
    ],
    'No access tokens.',
  );
}
