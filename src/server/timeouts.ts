import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../core/index.js';

/** createServer's options: the timeouts, and how often node checks them. */
export function serverOptions(config: Config): ServerOptions {
  const s = config.server;
  return {
    keepAliveTimeout: s.idleTimeoutMs,
    // Given here, not only set later: node arms its timeout checks from the constructor's options.
    headersTimeout: Math.min(s.headersTimeoutMs, s.requestTimeoutMs),
    requestTimeout: s.requestTimeoutMs,
    // Node checks both timeouts on this interval (default 30 s); a short timeout needs a finer check.
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(Math.min(s.headersTimeoutMs, s.requestTimeoutMs) / 4))),
  };
}

/**
 * Headers, body and idle timeouts, and a bound on connections that have not
 * yet sent one complete request (#20 item 4), so neither a slow client nor a
 * crowd of silent ones can hold sockets for ever. A stream's answer is not
 * bounded here: requestTimeout counts only until the request was received.
 */
export function applyServerLimits(server: Server, config: Config): void {
  const s = config.server;
  server.headersTimeout = Math.min(s.headersTimeoutMs, s.requestTimeoutMs);
  server.requestTimeout = s.requestTimeoutMs;
  server.keepAliveTimeout = s.idleTimeoutMs;
  const pending = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (pending.size >= s.maxPendingConnections) {
      socket.destroy();
      return;
    }
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
  });
  server.on('request', (req: { once(ev: 'end', f: () => void): void; socket: Socket }) => {
    const socket = req.socket;
    if (pending.has(socket)) req.once('end', () => pending.delete(socket));
  });
}
