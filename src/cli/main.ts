import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { addGlobalOptions } from './command-spec.js';
import { registerCompletion } from './commands/completion/index.js';
import { register as registerStart } from './commands/start.js';
import { registerClientCommands } from './commands/index.js';
import { examplesHelp } from './examples.js';

const program = new Command('switchyard')
  .description('A self-hosted AI gateway: one OpenAI-compatible endpoint for many providers')
  .version(VERSION)
  .exitOverride()
  // A mistyped command or option names the nearest one (commander's edit distance).
  .showSuggestionAfterError(true)
  // Every command's help lists the global options it accepts, wherever they are typed.
  .configureHelp({ showGlobalOptions: true })
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .addHelpText('after', examplesHelp(''));
addGlobalOptions(program);

registerStart(program);
registerClientCommands(program);
registerCompletion(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  if (err instanceof CliError) {
    process.stderr.write(`✖ ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const { isSwitchyardError } = await import('../core/index.js');
  if (isSwitchyardError(err)) {
    process.stderr.write(`✖ ${err.message}\n`);
    process.exit(err.status === 400 ? EXIT.usage : EXIT.error);
  }
  process.stderr.write(`✖ ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(EXIT.error);
}
