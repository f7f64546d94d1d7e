/**
 * Commands are declared as data (name, arguments, options) and their code is
 * imported only when they run, so `switchyard --help` loads none of it.
 */
import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client.js';
import { loadCliConfig, resolveTarget, type CliConfigFile, type Target } from './contexts.js';
import { examplesHelp } from './examples.js';
import { CliError, EXIT } from './exit-codes.js';
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
  /** Talks to a server (default true); false: the global --server/--context/--token are refused. */
  remote?: boolean;
  load(): Promise<CommandModule>;
}

export interface GroupSpec {
  name: string;
  description: string;
  commands: CommandSpec[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Options every command takes, declared once on the program: commander reads a
 * program option wherever it stands, so `switchyard --json models list` and
 * `switchyard models list --json` are the same command.
 */
export const GLOBAL_OPTIONS: readonly { flags: string; description: string; remote: boolean }[] = [
  { flags: '--server <url>', description: 'server URL (overrides SWITCHYARD_URL and contexts)', remote: true },
  { flags: '--context <name>', description: 'use this context instead of the active one', remote: true },
  { flags: '--token <token>', description: 'access token for this command (sya_live_… or env:VAR), instead of the context\'s credential', remote: true },
  { flags: '--json', description: 'machine-readable output', remote: false },
  { flags: '--quiet', description: 'no ✔ confirmations; data, warnings and errors still print', remote: false },
];

export function addGlobalOptions(program: Command): void {
  for (const o of GLOBAL_OPTIONS) program.option(o.flags, o.description);
}

/** `--server` on `contexts use` or `connect`: a flag that would be silently ignored is a usage error instead. */
function refuseRemoteFlags(path: string, opts: Record<string, unknown>): void {
  for (const o of GLOBAL_OPTIONS) {
    const name = /^--([a-z-]+)/.exec(o.flags)?.[1] as string;
    if (o.remote && opts[name] !== undefined) throw new CliError(`--${name} has no effect on 'switchyard ${path}' (it does not use the saved server or credential)`, EXIT.usage);
  }
}

export function createRunContext(args: string[], opts: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): RunContext {
  let cfg: CliConfigFile | undefined;
  let target: Target | undefined;
  let client: ApiClient | undefined;
  const token = typeof opts.token === 'string' ? opts.token : undefined;
  if (token === '') throw new CliError('--token needs a value (sya_live_… or env:VAR)', EXIT.usage);
  const ctx: RunContext = {
    args,
    opts,
    env,
    out: createOutput(opts.json === true, process.stdout, process.stderr, { quiet: opts.quiet === true }),
    config: () => (cfg ??= loadCliConfig(env)),
    target: () => {
      if (target) return target;
      const t = resolveTarget({ server: opts.server as string | undefined, context: opts.context as string | undefined }, ctx.config(), env);
      // --token replaces the credential only; the server still comes from --server, SWITCHYARD_URL or the context.
      target = token ? { ...t, auth: { kind: 'token', token } } : t;
      return target;
    },
    client: () => (client ??= createApiClient(ctx.target(), env)),
  };
  return ctx;
}

/** `providers add` for the `add <preset-or-name>` under `providers`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function addCommand(parent: Command, spec: CommandSpec): Command {
  const cmd = parent.command(spec.name).description(spec.description);
  for (const o of spec.options ?? []) {
    if (o.repeatable) cmd.option(o.flags, o.description, collect);
    else if (o.default !== undefined) cmd.option(o.flags, o.description, o.default);
    else cmd.option(o.flags, o.description);
  }
  cmd.addHelpText('after', () => examplesHelp(commandPath(cmd)));
  cmd.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const args = self.processedArgs.filter((a): a is string => typeof a === 'string');
    // The command's own options over the program's (global) ones.
    const opts = self.optsWithGlobals();
    if (spec.remote === false) refuseRemoteFlags(commandPath(self), opts);
    const mod = await spec.load();
    await mod.run(createRunContext(args, opts));
  });
  return cmd;
}

export function addGroup(program: Command, group: GroupSpec): void {
  const g = program.command(group.name).description(group.description);
  g.addHelpText('after', () => examplesHelp(commandPath(g)));
  for (const spec of group.commands) addCommand(g, spec);
}
