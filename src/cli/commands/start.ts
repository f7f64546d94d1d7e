import type { Command } from 'commander';
import { examplesHelp } from '../examples.js';
import { CliError, EXIT } from '../exit-codes.js';

interface StartOptions {
  host?: string;
  port?: string;
  stateDir?: string;
  instanceId?: string;
  config?: string;
  databaseUrl?: string;
  ingressPort?: string;
}

function parsePort(value: string | undefined, flag = '--port', min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 65535) throw new CliError(`${flag} must be ${min}-65535, got '${value}'`, EXIT.usage);
  return n;
}

export function register(program: Command): void {
  program
    .command('start')
    .description('run the gateway server')
    .addHelpText('after', examplesHelp('start'))
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 20128)')
    .option('--state-dir <dir>', 'state directory (default ~/.switchyard/state)')
    .option('--instance-id <id>', 'instance id; state lives in DIR/ID (default "default")')
    .option('--config <file>', 'config file (JSON or TOML)')
    .option('--database-url <url>', 'PostgreSQL URL for shared state (default: SQLite in the state directory)')
    .option('--ingress-port <port>', 'port of the tunnel ingress listener on 127.0.0.1 (default: kept in the state directory)')
    .action(async (opts: StartOptions) => {
      const { loadConfig, startServer } = await import('../../server/index.js');
      const config = loadConfig({
        host: opts.host,
        port: parsePort(opts.port),
        stateDir: opts.stateDir,
        instanceId: opts.instanceId,
        config: opts.config,
        databaseUrl: opts.databaseUrl,
        ingressPort: parsePort(opts.ingressPort, '--ingress-port', 1),
      });
      const server = await startServer(config);
      const lines = [
        `Switchyard listening on ${server.url}`,
        `  OpenAI-compatible endpoint: ${server.url}/v1`,
        `  Dashboard:                  ${server.url}/dashboard/`,
        `  State directory:            ${server.instanceDir}`,
        `  Tunnel ingress:             http://127.0.0.1:${server.ingressPort} (switchyard tunnels enable cloudflared|ngrok|tailscale)`,
      ];
      const publicUrl = server.publicUrl();
      if (publicUrl) lines.push(`  Public URL:                 ${publicUrl}`);
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
        publicUrl
          ? `  switchyard connect ${publicUrl}  # from another machine, through the public URL`
          : `  switchyard connect ${config.host === '127.0.0.1' ? '<this-host>' : config.host}  # from another machine (needs --host to listen there)`,
        '',
      );
      process.stderr.write(lines.join('\n') + '\n');
      const onSignal = (sig: NodeJS.Signals) => void server.stop(sig);
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      await server.stopped;
    });
}
