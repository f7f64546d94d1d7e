import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';

interface StartOptions {
  host?: string;
  port?: string;
  stateDir?: string;
  instanceId?: string;
  config?: string;
  databaseUrl?: string;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be 0-65535, got '${value}'`, EXIT.usage);
  return n;
}

export function register(program: Command): void {
  program
    .command('start')
    .description('run the gateway server')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 20128)')
    .option('--state-dir <dir>', 'state directory (default ~/.switchyard/state)')
    .option('--instance-id <id>', 'instance id; state lives in DIR/ID (default "default")')
    .option('--config <file>', 'config file (JSON or TOML)')
    .option('--database-url <url>', 'PostgreSQL URL for shared state (default: SQLite in the state directory)')
    .action(async (opts: StartOptions) => {
      const { loadConfig, startServer } = await import('../../server/index.js');
      const config = loadConfig({
        host: opts.host,
        port: parsePort(opts.port),
        stateDir: opts.stateDir,
        instanceId: opts.instanceId,
        config: opts.config,
        databaseUrl: opts.databaseUrl,
      });
      const server = await startServer(config);
      const lines = [
        `Switchyard listening on ${server.url}`,
        `  OpenAI-compatible endpoint: ${server.url}/v1`,
        `  Dashboard:                  ${server.url}/dashboard/`,
        `  State directory:            ${server.instanceDir}`,
      ];
      if (server.generatedPassword) {
        lines.push(
          '',
          `  Management password (shown once, store it now): ${server.generatedPassword}`,
        );
      }
      lines.push(
        '',
        'Next:',
        '  switchyard providers add openai --api-key sk-...     # or any preset: switchyard providers add --help',
        '  switchyard keys add --name my-app                    # an inference key for /v1',
        `  switchyard connect ${config.host === '127.0.0.1' ? '<this-host>' : config.host}  # from another machine (needs --host to listen there)`,
        '',
      );
      process.stderr.write(lines.join('\n') + '\n');
      const onSignal = (sig: NodeJS.Signals) => void server.stop(sig);
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      await server.stopped;
    });
}
