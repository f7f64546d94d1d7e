import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../core/index.js';
import { TOOLS, type ToolSpec } from './tools.js';
import type { ApiAnswer, ApiCall } from './types.js';

/** A failed route answer as a tool error (isError): the agent sees the code and message, the session lives on. */
function toResult(answer: ApiAnswer): CallToolResult {
  if (answer.status < 400) {
    return { content: [{ type: 'text', text: JSON.stringify(answer.body, null, 2) }], structuredContent: { result: answer.body } };
  }
  const err = (answer.body as { error?: { code?: string; message?: string } } | null)?.error;
  const text = `${err?.code ?? `HTTP_${answer.status}`}: ${err?.message ?? `the management API answered ${answer.status}`}`;
  return { isError: true, content: [{ type: 'text', text }] };
}

function register(server: McpServer, tool: ToolSpec, api: ApiCall): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: `${tool.description} Needs scope '${tool.scope}'.`,
      inputSchema: tool.input,
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (args: Record<string, unknown>) => {
      try {
        return toResult(await tool.run(args, api));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { isError: true, content: [{ type: 'text', text: `UNREACHABLE: ${message}` }] };
      }
    },
  );
}

/** One MCP server with every management tool, each calling the API through `api`. */
export function createMcpServer(api: ApiCall): McpServer {
  const server = new McpServer(
    { name: 'switchyard', version: VERSION },
    { instructions: 'Manage a Switchyard AI gateway: providers, models, combos, keys, usage, logs, tunnels.' },
  );
  for (const tool of TOOLS) register(server, tool, api);
  return server;
}
