import type { Combo } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const { combos } = await ctx.client().get<{ combos: Combo[] }>('/api/combos');
  if (ctx.out.json) return ctx.out.data(combos);
  ctx.out.table(
    combos,
    [
      { header: 'NAME', value: (c) => c.name },
      { header: 'STRATEGY', value: (c) => c.strategy },
      {
        header: 'TARGETS',
        value: (c) => c.targets.map((t) => (t.weight === undefined ? t.model : `${t.model}×${t.weight}`)).join(c.strategy === 'fallback' ? ' → ' : ', '),
      },
    ],
    'No combos yet. Create one: switchyard combos add fast --target groq/llama-3.3-70b-versatile --target openai/gpt-4o-mini',
  );
}
