import type { RunContext } from '../../command-spec.js';
import { optString } from '../../parse.js';

interface Entry {
  id: string;
  kind: 'model' | 'combo';
  enabled?: boolean;
  price?: { input: number; output: number } | null;
  strategy?: string;
  targets?: { model: string }[];
}

const perM = (n: number | undefined) => (n === undefined ? '-' : `$${n}`);

export async function run(ctx: RunContext): Promise<void> {
  const provider = optString(ctx.opts, 'provider');
  const { models } = await ctx.client().get<{ models: Entry[] }>('/api/models', { query: { provider } });
  if (ctx.out.json) return ctx.out.data(models);
  ctx.out.table(
    models,
    [
      { header: 'ID', value: (m) => m.id },
      { header: 'KIND', value: (m) => (m.kind === 'combo' ? `combo (${m.strategy})` : m.enabled === false ? 'model (disabled)' : 'model') },
      { header: 'IN $/1M', value: (m) => (m.kind === 'model' ? perM(m.price?.input) : ''), align: 'right' },
      { header: 'OUT $/1M', value: (m) => (m.kind === 'model' ? perM(m.price?.output) : ''), align: 'right' },
      { header: 'TARGETS', value: (m) => m.targets?.map((t) => t.model).join(' → ') },
    ],
    provider ? `No models for provider '${provider}'.` : 'No models yet. Add a provider: switchyard providers add --help',
  );
}
