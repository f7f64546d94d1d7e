import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';

export async function run(ctx: RunContext): Promise<void> {
  const [key] = ctx.args;
  const { settings } = await ctx.client().get<{ settings: Record<string, unknown> }>('/api/settings');
  if (key !== undefined) {
    if (!(key in settings)) throw new CliError(`no setting '${key}' (known: ${Object.keys(settings).join(', ')})`, EXIT.notFound);
    if (ctx.out.json) return ctx.out.data({ [key]: settings[key] });
    return ctx.out.line(JSON.stringify(settings[key]));
  }
  if (ctx.out.json) return ctx.out.data(settings);
  ctx.out.table(Object.entries(settings), [
    { header: 'KEY', value: ([k]) => k },
    { header: 'VALUE', value: ([, v]) => JSON.stringify(v) },
  ]);
}
