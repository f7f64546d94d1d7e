import type { RunContext } from '../../command-spec.js';
import { cell } from '../../output.js';

export async function run(ctx: RunContext): Promise<void> {
  const me = await ctx.client().get<Record<string, unknown>>('/api/cli/whoami');
  if (ctx.out.json) return ctx.out.data({ server: ctx.client().url, ...me });
  ctx.out.line(`Server: ${ctx.client().url}`);
  for (const [k, v] of Object.entries(me)) {
    const shown = k.toLowerCase().endsWith('at') && typeof v === 'number' ? new Date(v).toISOString() : cell(typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : v);
    ctx.out.line(`${(k + ':').padEnd(11)} ${shown}`);
  }
}
