import type { RunContext } from '../../command-spec.js';
import { DEFAULT_CONTEXT, saveCliConfig } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';

export async function run(ctx: RunContext): Promise<void> {
  const [name] = ctx.args as [string];
  const cfg = ctx.config();
  if (!cfg.contexts[name]) {
    if (name === DEFAULT_CONTEXT) throw new CliError(`'${DEFAULT_CONTEXT}' is built in and cannot be removed`, EXIT.usage);
    throw new CliError(`no context '${name}'; see: switchyard contexts list`, EXIT.notFound);
  }
  delete cfg.contexts[name];
  if (cfg.current === name) cfg.current = DEFAULT_CONTEXT;
  saveCliConfig(cfg, ctx.env);
  if (ctx.out.json) return ctx.out.data({ removed: name, current: cfg.current });
  ctx.out.success(`Removed context '${name}' (the token itself stays valid until revoked: switchyard tokens revoke)`);
}
