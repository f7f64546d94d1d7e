import type { RunContext } from '../../command-spec.js';
import { allContexts } from '../../contexts.js';
import { describeAuth } from './describe.js';

export async function run(ctx: RunContext): Promise<void> {
  const cfg = ctx.config();
  const rows = Object.entries(allContexts(cfg)).map(([name, c]) => ({
    current: name === cfg.current,
    name,
    url: c.url,
    auth: describeAuth(c.auth, ctx.env),
    scope: c.scope ?? null,
  }));
  if (ctx.out.json) return ctx.out.data(rows);
  ctx.out.table(rows, [
    { header: '', value: (r) => (r.current ? '*' : ' ') },
    { header: 'NAME', value: (r) => r.name },
    { header: 'URL', value: (r) => r.url },
    { header: 'AUTH', value: (r) => r.auth },
    { header: 'SCOPE', value: (r) => r.scope },
  ]);
}
