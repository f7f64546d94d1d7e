import type { RunContext } from '../../command-spec.js';
import { describeAuth } from './describe.js';

export async function run(ctx: RunContext): Promise<void> {
  const t = ctx.target();
  const info = {
    context: t.context,
    url: t.url,
    source: t.source === 'flag' ? '--server' : t.source === 'env' ? 'SWITCHYARD_URL' : 'context',
    auth: describeAuth(t.auth, ctx.env),
    scope: t.scope ?? null,
  };
  if (ctx.out.json) return ctx.out.data(info);
  ctx.out.line(`Context: ${info.context ?? '(none)'}${info.source !== 'context' ? ` (target from ${info.source})` : ''}`);
  ctx.out.line(`Server:  ${info.url}`);
  ctx.out.line(`Auth:    ${info.auth}`);
  ctx.out.line(`Scope:   ${info.scope ?? 'unknown (see: switchyard whoami)'}`);
}
