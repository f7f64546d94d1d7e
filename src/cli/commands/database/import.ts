import { readFileSync } from 'node:fs';
import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { withProgress } from '../../output.js';

export async function run(ctx: RunContext): Promise<void> {
  const [file] = ctx.args as [string];
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read ${file} as JSON: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
  }
  const res = await withProgress('importing…', () =>
    ctx.client().request<{ counts: Record<string, number> }>('POST', '/api/settings/database', { body: snapshot, timeoutMs: 600_000 }),
  );
  if (ctx.out.json) return ctx.out.data(res);
  ctx.out.success(`Imported ${Object.entries(res.counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
}
