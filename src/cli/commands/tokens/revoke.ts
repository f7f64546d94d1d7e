import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { fetchTokens } from './list.js';

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string];
  const wanted = ref.replace(/\u2026$/, '');
  const tokens = await fetchTokens(ctx);
  let matches = tokens.filter((t) => t.id === wanted);
  if (!matches.length && wanted.length >= 13) {
    matches = tokens.filter((t) => t.prefix && !t.revokedAt && (wanted.startsWith(t.prefix.replace(/\u2026$/, '')) || t.prefix.startsWith(wanted)));
  }
  if (!matches.length) throw new CliError(`no token '${ref}'; see: switchyard tokens list`, EXIT.notFound);
  if (matches.length > 1) throw new CliError(`'${ref}' matches ${matches.length} tokens; use the id`, EXIT.usage);
  const token = matches[0] as (typeof matches)[number];
  const res = await ctx.client().request<Record<string, unknown>>('DELETE', `/api/cli/tokens/${encodeURIComponent(token.id)}`);
  if (ctx.out.json) return ctx.out.data({ id: token.id, name: token.name, ...res });
  const revoked = Array.isArray(res.revoked) ? res.revoked.length : 1;
  ctx.out.success(`Revoked token '${token.name}' (${token.id})${revoked > 1 ? ` and ${revoked - 1} delegated from it` : ''}`);
}
