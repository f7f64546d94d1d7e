import type { GroupSpec } from '../../command-spec.js';

export const configureGroup: GroupSpec = {
  name: 'configure',
  description: 'point a coding agent (Codex CLI, Claude Code) at this Switchyard; the key stays in your environment',
  commands: [
    {
      name: 'codex',
      description: 'write [model_providers.switchyard] in $CODEX_HOME/config.toml and a profile <name>.config.toml',
      options: [
        { flags: '--provider <name>', description: 'pick from this Switchyard provider\'s models' },
        { flags: '--model <id>', description: 'provider/model id or combo name from the server\'s catalog' },
        { flags: '--name <profile>', description: 'profile name: codex --profile <name>' },
      ],
      load: () => import('./codex.js'),
    },
    {
      name: 'claude',
      description: 'set ANTHROPIC_BASE_URL and the model in Claude Code\'s settings.json',
      options: [
        { flags: '--provider <name>', description: 'pick from this Switchyard provider\'s models' },
        { flags: '--model <id>', description: 'provider/model id or combo name from the server\'s catalog' },
      ],
      load: () => import('./claude.js'),
    },
  ],
};
