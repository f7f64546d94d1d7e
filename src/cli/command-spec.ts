/**
 * Commands are declared as data (name, arguments, options) and their code is
 * imported only when they run, so `switchyard --help` loads none of it.
 */
import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client.js';
import { loadCliConfig, resolveTarget, type CliConfigFile, type Target } from './contexts.js';
import { createOutput, type Output } from './output.js';

export interface OptionSpec {
  flags: string;
  description: string;
  /** May be given several times; collected into an array. */
  repeatable?: boolean;
  default?: string | boolean;
}

export interface RunContext {
  args: string[];
  opts: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  out: Output;
  config(): CliConfigFile;
  target(): Target;
  client(): ApiClient;
}

export interface CommandModule {
  run(ctx: RunContext): Promise<void>;
}

export interface CommandSpec {
  /** commander syntax: `add <preset>`, `revoke <idOrPrefix>`, `get [key]` */
  name: string;
  description: string;
  options?: OptionSpec[];
  /** Adds --server/--context (default true). */
  remote?: boolean;
  load(): Promise<CommandModule>;
}

export interface GroupSpec {
  name: string;
  description: string;
  commands: CommandSpec[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function createRunContext(args: string[], opts: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): RunContext {
  let cfg: CliConfigFile | undefined;
  let target: Target | undefined;
  let client: ApiClient | undefined;
  const ctx: RunContext = {
    args,
    opts,
    env,
    out: createOutput(opts.json === true),
    config: () => (cfg ??= loadCliConfig(env)),
    target: () =>
      (target ??= resolveTarget(
        { server: opts.server as string | undefined, context: opts.context as string | undefined },
        ctx.config(),
        env,
      )),
    client: () => (client ??= createApiClient(ctx.target(), env)),
  };
  return ctx;
}

export function addCommand(parent: Command, spec: CommandSpec): Command {
  const cmd = parent.command(spec.name).description(spec.description);
  for (const o of spec.options ?? []) {
    if (o.repeatable) cmd.option(o.flags, o.description, collect);
    else if (o.default !== undefined) cmd.option(o.flags, o.description, o.default);
    else cmd.option(o.flags, o.description);
  }
  if (spec.remote !== false) {
    cmd.option('--server <url>', 'server URL (overrides SWITCHYARD_URL and contexts)');
    cmd.option('--context <name>', 'use this context instead of the active one');
  }
  cmd.option('--json', 'machine-readable output');
  cmd.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const args = self.processedArgs.filter((a): a is string => typeof a === 'string');
    const mod = await spec.load();
    await mod.run(createRunContext(args, self.opts()));
  });
  return cmd;
}

export function addGroup(program: Command, group: GroupSpec): void {
  const g = program.command(group.name).description(group.description);
  for (const spec of group.commands) addCommand(g, spec);
}
