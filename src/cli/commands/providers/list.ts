import type { Provider } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const { providers } = await ctx.client().get<{ providers: Provider[] }>('/api/providers');
  if (ctx.out.json) return ctx.out.data(providers);
  ctx.out.table(
    providers,
    [
      { header: 'NAME', value: (p) => p.name },
      { header: 'TYPE', value: (p) => p.type },
      { header: 'BASE URL', value: (p) => p.baseUrl },
      { header: 'MODELS', value: (p) => p.models.length, align: 'right' },
      { header: 'KEY', value: (p) => (p.hasCredential ? 'set' : '-') },
      { header: 'ENABLED', value: (p) => p.enabled },
      { header: 'ID', value: (p) => p.id },
    ],
    'No providers yet. Add one: switchyard providers add openai --api-key sk-…',
  );
}
