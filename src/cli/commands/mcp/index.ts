import type { CommandSpec } from '../../command-spec.js';

export const mcpCommand: CommandSpec = {
  name: 'mcp',
  description: 'serve the Switchyard management tools over MCP (stdio) against the active context, e.g. claude mcp add switchyard -- switchyard mcp',
  load: () => import('./serve.js'),
};
