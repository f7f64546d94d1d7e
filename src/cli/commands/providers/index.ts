import type { GroupSpec } from '../../command-spec.js';

export const providersGroup: GroupSpec = {
  name: 'providers',
  description: 'LLM provider connections',
  commands: [
    { name: 'list', description: 'list providers', load: () => import('./list.js') },
    {
      name: 'add <preset-or-name>',
      description: 'add a provider from a preset (openai, anthropic, glm, ollama, …) or any OpenAI-compatible server with --base-url',
      options: [
        { flags: '--api-key <key>', description: "the provider's API key (stored encrypted)" },
        { flags: '--base-url <url>', description: 'base URL (required for a custom provider; overrides a preset)' },
        { flags: '--type <type>', description: 'openai-compatible | anthropic | gemini (custom providers)' },
        { flags: '--models <ids>', description: 'comma-separated model ids (default: asked from the upstream; a vendor preset uses its own list)' },
        { flags: '--name <name>', description: 'name used in provider/model addresses (default: the preset name)' },
        { flags: '--disabled', description: 'add it disabled' },
      ],
      load: () => import('./add.js'),
    },
    {
      name: 'remove <id-or-name>',
      description: 'remove a provider',
      options: [{ flags: '--force', description: 'remove it even if combos target it' }],
      load: () => import('./remove.js'),
    },
    { name: 'status', description: 'health of every provider (cooldowns, last errors)', load: () => import('./status.js') },
    { name: 'test <id-or-name>', description: 'make a live call to a provider', load: () => import('./test.js') },
    {
      name: 'sync [id-or-name]',
      description: "ask the upstream for its models and store them (every provider when none is named); models a combo uses are kept",
      load: () => import('./sync.js'),
    },
  ],
};
