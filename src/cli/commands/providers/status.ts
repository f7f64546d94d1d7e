import type { RunContext } from '../../command-spec.js';

interface StatusRow {
  name: string;
  enabled: boolean;
  hasCredential: boolean;
  models: number;
  health: string;
  targets: Record<string, unknown>[];
}

export async function run(ctx: RunContext): Promise<void> {
  const { providers } = await ctx.client().get<{ providers: StatusRow[] }>('/api/providers/status');
  if (ctx.out.json) return ctx.out.data(providers);
  ctx.out.table(
    providers,
    [
      { header: 'NAME', value: (p) => p.name },
      { header: 'HEALTH', value: (p) => p.health },
      { header: 'ENABLED', value: (p) => p.enabled },
      { header: 'KEY', value: (p) => (p.hasCredential ? 'set' : '-') },
      { header: 'MODELS', value: (p) => p.models, align: 'right' },
      {
        header: 'NOTES',
        value: (p) =>
          p.targets
            .map((t) => (typeof t.lastError === 'string' ? t.lastError : typeof t.cooldownUntil === 'number' ? `cooling down until ${new Date(t.cooldownUntil).toISOString()}` : ''))
            .filter(Boolean)
            .join('; '),
      },
    ],
    'No providers yet.',
  );
}
