import type { Provider } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { optString, parseList } from '../../parse.js';

interface DiscoveryNote {
  source: 'upstream' | 'preset' | 'none';
  found: number;
  message?: string;
}

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
  const { provider, discovery } = await ctx
    .client()
    .request<{ provider: Provider; discovery?: DiscoveryNote }>('POST', '/api/providers', { body, timeoutMs: 120_000 });
  if (discovery?.message) {
    const fallback = discovery.source === 'preset' ? `; using the preset's ${discovery.found} models` : '';
    ctx.out.warn(`the upstream did not list its models: ${discovery.message}${fallback}. The provider is saved; retry with: switchyard providers sync ${provider.name}`);
  }
  if (ctx.out.json) return ctx.out.data(provider);
  const how = discovery?.source === 'upstream' ? `found ${provider.models.length} models upstream` : `${provider.models.length} models`;
  ctx.out.success(`Added provider '${provider.name}' (${provider.baseUrl}, ${how})`);
  const first = provider.models[0];
  if (first) ctx.out.line(`  Address its models as ${provider.name}/<model>, e.g. ${provider.name}/${first.id}`);
}
