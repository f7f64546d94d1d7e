import type { Context, Hono, MiddlewareHandler } from 'hono';
import { handleMcpRequest, MCP_TOOL_HEADER, TOOLS, type ApiCall } from '../mcp/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';

const TOOL_NAMES = new Set(TOOLS.map((t) => t.name));
/** Caller headers a tool's inner API call carries, so the inner route's guard sees the same credential. */
const DROP = new Set(['content-length', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'transfer-encoding', 'connection']);

/**
 * Audits `mcp_tool_call` for any API call that says it is one (in-process from
 * /api/mcp/, or over HTTP from `switchyard mcp`). Registered before the guard,
 * so a call the guard refuses is audited as denied. The tool name must be a
 * known tool: the header cannot put arbitrary text in the audit log.
 */
export function mcpToolAudit(deps: ManagementDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const tool = c.req.header(MCP_TOOL_HEADER);
    await next();
    if (tool === undefined || !TOOL_NAMES.has(tool)) return;
    const status = c.res.status;
    const outcome = status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure';
    await deps.audit.record(c, 'mcp_tool_call', outcome, { tool, status, method: c.req.method });
  };
}

/** `/api/mcp/`: the MCP server over Streamable HTTP. Tools call the API in-process, as the caller. */
export function registerMcp(app: Hono<ApiEnv>, _deps: ManagementDeps): void {
  const handler = (c: Context<ApiEnv>): Promise<Response> => {
    const outer = c.req.raw;
    const origin = new URL(outer.url).origin;
    const api: ApiCall = async (method, path, body, opts) => {
      const headers = new Headers();
      outer.headers.forEach((v, k) => {
        if (!DROP.has(k) && !k.startsWith('mcp-') && k !== MCP_TOOL_HEADER) headers.set(k, v);
      });
      headers.set('accept', 'application/json');
      if (opts?.tool) headers.set(MCP_TOOL_HEADER, opts.tool);
      if (body !== undefined) headers.set('content-type', 'application/json');
      const init: RequestInit = { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) };
      // Same env (the node socket): the inner guard sees the same peer and loopback-ness.
      const res = await app.fetch(new Request(origin + path, init), c.env);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: hand the text on.
      }
      return { status: res.status, body: parsed };
    };
    return handleMcpRequest(outer, api);
  };
  app.all('/api/mcp', handler);
  app.all('/api/mcp/', handler);
}
