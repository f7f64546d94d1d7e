export { handleMcpRequest } from './http.js';
export { serveStdio } from './stdio.js';
export { createMcpServer } from './server.js';
export { TOOLS, type ToolSpec } from './tools.js';
export { MCP_TOOL_HEADER, type ApiAnswer, type ApiCall } from './types.js';
