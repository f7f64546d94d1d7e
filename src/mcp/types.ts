import type { Scope } from '../core/index.js';

/** The header that tells the management plane an API call is a tool call, so it audits `mcp_tool_call`. */
export const MCP_TOOL_HEADER = 'x-switchyard-mcp-tool';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * How a tool reaches the management API: in-process with the caller's own
 * credentials (Streamable HTTP at /api/mcp/) or over HTTP with the CLI
 * context's (`switchyard mcp`). Either way the route's own guard decides, so
 * a tool can never do more than its caller could with curl.
 */
export interface ApiCall {
  (method: string, path: string, body?: unknown, opts?: { tool?: string }): Promise<ApiAnswer>;
}

export interface ToolAnnotationsSpec {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}
export type { Scope };
