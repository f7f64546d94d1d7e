import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createMcpServer } from './server.js';
import type { ApiCall } from './types.js';

/**
 * One Streamable HTTP exchange, stateless: a fresh server and transport per
 * request, so nothing about a caller outlives its request and any instance of
 * a fleet can answer. JSON responses (no SSE): every tool answers at once.
 */
export async function handleMcpRequest(request: Request, api: ApiCall): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const server = createMcpServer(api);
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    void server.close();
  }
}
