import type { RunContext } from '../../command-spec.js';
import { allContexts, saveCliConfig } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';

export async function run(ctx: RunContext): Promise<void> {
  const [name] = ctx.args as [string];
  const cfg = ctx.config();
  const target = allContexts(cfg)[name];
  if (!target) throw new CliError(`no context '${name}'; see: switchyard contexts list`, EXIT.notFound);
  cfg.current = name;
  saveCliConfig(cfg, ctx.env);
  if (ctx.out.json) return ctx.out.data({ current: name, url: target.url });
  ctx.out.success(`Now using context '${name}' (${target.url})`);
}
