import type { Provider } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { optString, parseList } from '../../parse.js';

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string];
  const name = optString(ctx.opts, 'name');
  const baseUrl = optString(ctx.opts, 'baseUrl');
  const body = {
    // Without --name the argument is the name, and the server reads it as a preset when it is one;
    // with --name the argument must be a preset.
    ...(name ? { preset: ref, name } : { name: ref }),
    ...(baseUrl !== undefined && { baseUrl }),
    ...(optString(ctx.opts, 'apiKey') !== undefined && { apiKey: optString(ctx.opts, 'apiKey') }),
    ...(optString(ctx.opts, 'type') !== undefined && { type: optString(ctx.opts, 'type') }),
    ...(parseList(optString(ctx.opts, 'models')) && { models: parseList(optString(ctx.opts, 'models')) }),
    ...(ctx.opts.disabled === true && { enabled: false }),
  };
  const { provider } = await ctx.client().request<{ provider: Provider }>('POST', '/api/providers', { body });
  if (ctx.out.json) return ctx.out.data(provider);
  ctx.out.success(`Added provider '${provider.name}' (${provider.baseUrl}, ${provider.models.length} models)`);
  const first = provider.models[0];
  if (first) ctx.out.line(`  Address its models as ${provider.name}/<model>, e.g. ${provider.name}/${first.id}`);
}
