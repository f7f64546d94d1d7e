import { isScope } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { optString, parseNumberFlag } from '../../parse.js';
import type { TokenRow } from './token-row.js';

export async function run(ctx: RunContext): Promise<void> {
  const name = optString(ctx.opts, 'name');
  const scope = optString(ctx.opts, 'scope');
  if (!name) throw new CliError('tokens create needs --name <name>', EXIT.usage);
  if (!isScope(scope)) throw new CliError(`tokens create needs --scope read|write|admin${scope ? `, got '${scope}'` : ''}`, EXIT.usage);
  const expiresInDays = parseNumberFlag(optString(ctx.opts, 'expires'), '--expires');
  const created = await ctx.client().request<TokenRow & { token?: string; secret?: string }>('POST', '/api/cli/tokens', {
    body: { name, scope, ...(expiresInDays !== undefined && { expiresInDays }) },
  });
  const secret = created.token ?? created.secret;
  if (ctx.out.json) return ctx.out.data(created);
  ctx.out.success(`Created token '${created.name}' (${created.id}, scope: ${created.scope})`);
  ctx.out.line('');
  ctx.out.line(`  ${secret ?? '(the server sent no secret)'}`);
  ctx.out.line('');
  ctx.out.line('  This is the only time the token is shown. Use it from another machine:');
  ctx.out.line(`  switchyard connect ${ctx.client().url} --key <token>`);
}
