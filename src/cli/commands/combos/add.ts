import type { Combo } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { optString, parseNumberFlag } from '../../parse.js';

export async function run(ctx: RunContext): Promise<void> {
  const [name] = ctx.args as [string];
  const strategy = optString(ctx.opts, 'strategy') ?? 'fallback';
  const models = (ctx.opts.target as string[] | undefined) ?? [];
  const weights = ((ctx.opts.weight as string[] | undefined) ?? []).map((w) => parseNumberFlag(w, '--weight') as number);
  if (models.length === 0) throw new CliError('combos add needs at least one --target provider/model', EXIT.usage);
  if (weights.length && weights.length !== models.length) {
    throw new CliError(`give one --weight per --target (${models.length} targets, ${weights.length} weights)`, EXIT.usage);
  }
  const targets = models.map((model, i) => (weights.length ? { model, weight: weights[i] } : { model }));
  const replace = ctx.opts.replace === true;
  const client = ctx.client();
  const { combo } = replace
    ? await client.request<{ combo: Combo }>('PUT', `/api/combos/${encodeURIComponent(name)}`, { body: { strategy, targets } }).catch(async (err: unknown) => {
        // --replace on a combo that does not exist yet simply creates it.
        if (err instanceof CliError && err.exitCode === EXIT.notFound) {
          return client.request<{ combo: Combo }>('POST', '/api/combos', { body: { name, strategy, targets } });
        }
        throw err;
      })
    : await client.request<{ combo: Combo }>('POST', '/api/combos', { body: { name, strategy, targets } });
  if (ctx.out.json) return ctx.out.data(combo);
  ctx.out.success(`${replace ? 'Saved' : 'Created'} combo '${combo.name}' (${combo.strategy}: ${combo.targets.map((t) => t.model).join(', ')})`);
}
