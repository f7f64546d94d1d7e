import type { RunContext } from '../../command-spec.js';
import { formatTime } from '../../output.js';

interface TargetRow {
  target: string;
  state: string;
  cooldownUntil: number | null;
  lastError: string | null;
}
interface StatusRow {
  name: string;
  enabled: boolean;
  state: string;
  unhealthyUntil: number | null;
  lastError: string | null;
  targets: TargetRow[];
}

function notes(p: StatusRow): string {
  const out: string[] = [];
  if (p.unhealthyUntil) out.push(`unhealthy until ${formatTime(p.unhealthyUntil)}`);
  if (p.lastError) out.push(p.lastError);
  for (const t of p.targets) if (t.state !== 'ok') out.push(`${t.target} cooling down until ${formatTime(t.cooldownUntil)}`);
  return out.join('; ');
}

export async function run(ctx: RunContext): Promise<void> {
  const { providers } = await ctx.client().get<{ providers: StatusRow[] }>('/api/providers/status');
  if (ctx.out.json) return ctx.out.data(providers);
  ctx.out.table(
    providers,
    [
      { header: 'NAME', value: (p) => p.name },
      { header: 'STATE', value: (p) => p.state },
      { header: 'TARGETS SEEN', value: (p) => p.targets.length, align: 'right' },
      { header: 'NOTES', value: notes },
    ],
    'No providers yet.',
  );
}
