import { writeFileSync } from 'node:fs';
import type { RunContext } from '../../command-spec.js';
import { withProgress } from '../../output.js';
import { optString } from '../../parse.js';

export async function run(ctx: RunContext): Promise<void> {
  const snapshot = await withProgress('exporting…', () => ctx.client().get<unknown>('/api/settings/database', { timeoutMs: 600_000 }));
  const file = optString(ctx.opts, 'out');
  if (!file) return ctx.out.data(snapshot);
  writeFileSync(file, JSON.stringify(snapshot, null, 2) + '\n', { mode: 0o600 });
  if (ctx.out.json) return ctx.out.data({ file });
  ctx.out.success(`Exported to ${file}`);
}
