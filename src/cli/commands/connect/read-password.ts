import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--password-stdin`, else a masked prompt when a person is at the terminal. */
export async function readPassword(ctx: RunContext, url: string): Promise<string> {
  if (ctx.opts.passwordStdin === true) {
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new CliError('--password-stdin: standard input was empty', EXIT.usage);
    return password;
  }
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliError('no password: pass --password-stdin, --key sya_live_…, or run in a terminal to be prompted', EXIT.usage);
  }
  const { password, isCancel } = await import('@clack/prompts');
  const value = await password({ message: `Management password for ${url}`, output: process.stderr });
  if (isCancel(value) || !value) throw new CliError('cancelled', EXIT.error);
  return value;
}
