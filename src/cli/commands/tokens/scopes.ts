import { SCOPES, SCOPE_DESCRIPTIONS } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';

export async function run(ctx: RunContext): Promise<void> {
  const rows = SCOPES.map((scope) => ({ scope, allows: SCOPE_DESCRIPTIONS[scope] }));
  if (ctx.out.json) return ctx.out.data(rows);
  ctx.out.table(rows, [
    { header: 'SCOPE', value: (r) => r.scope },
    { header: 'ALLOWS', value: (r) => r.allows },
  ]);
  ctx.out.line('\nread ⊂ write ⊂ admin');
}
