import type { Command } from 'commander';
import { examplesHelp } from '../../examples.js';
import { CliError, EXIT } from '../../exit-codes.js';

const SHELL_NAMES = ['bash', 'zsh', 'fish'];

/** `switchyard completion bash|zsh|fish`: prints a script generated from the command tree itself. */
export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description('print a shell completion script: bash | zsh | fish')
    .addHelpText('after', () => examplesHelp('completion'))
    .action(async (shell: string) => {
      if (!SHELL_NAMES.includes(shell)) throw new CliError(`unknown shell '${shell}'; use one of: ${SHELL_NAMES.join(', ')}`, EXIT.usage);
      const { completionScript } = await import('./scripts.js');
      process.stdout.write(completionScript(program, shell as 'bash' | 'zsh' | 'fish'));
    });
}
