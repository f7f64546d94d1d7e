import { MCP_TOOL_HEADER, serveStdio, type ApiCall } from '../../../mcp/index.js';
import { authHeaders } from '../../auth-headers.js';
import type { RunContext } from '../../command-spec.js';

/**
 * The stdio MCP server: each tool is one HTTP call to the target's management
 * API with the context's credential, exactly like the CLI's own commands, so
 * the server's guard and audit apply. stdout is the protocol: nothing else
 * may be written there.
 */
export async function run(ctx: RunContext): Promise<void> {
  const target = ctx.target();
  const api: ApiCall = async (method, path, body, opts) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'switchyard-mcp',
      ...(await authHeaders(target, ctx.env)),
      ...(opts?.tool ? { [MCP_TOOL_HEADER]: opts.tool } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const res = await fetch(target.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
      redirect: 'manual',
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
      return { status: res.status, body: { error: { code: `HTTP_${res.status}`, message: text.slice(0, 200) } } };
    }
  };
  process.stderr.write(`switchyard mcp: serving management tools for ${target.url} over stdio\n`);
  await serveStdio(api);
}
