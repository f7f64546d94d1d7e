/**
 * The tunnel ingress listener: a second listener on 127.0.0.1 serving the same
 * /v1 and /api as the main port, where every socket is marked as tunnel
 * traffic (never loopback, src/guard/loopback.ts). Its port is kept in the
 * instance directory so a tunnel that outlived a crash still reaches it.
 */
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { markTunnelIngress } from '../guard/index.js';
import { listen } from './listen.js';

export const INGRESS_FILE = 'ingress.json';

function savedPort(dir: string): number | null {
  try {
    const port = (JSON.parse(readFileSync(join(dir, INGRESS_FILE), 'utf8')) as { port?: unknown }).port;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
  } catch {
    return null;
  }
}

export interface Ingress {
  server: Server;
  port: number;
  url: string;
}

/**
 * `--ingress-port` wins and must be free; otherwise the saved port is reused,
 * and only when something else took it is a new one chosen (and saved).
 */
export async function startIngress(opts: {
  dir: string;
  port?: number | undefined;
  listener: RequestListener;
  /** The main port's timeouts and limits (#20 item 4) hold here too: tunnel traffic is the least trusted. */
  serverOptions: ServerOptions;
  applyLimits: (server: Server) => void;
  onNewPort?: (old: number, port: number) => void;
}): Promise<Ingress> {
  const server = createServer(opts.serverOptions, opts.listener);
  opts.applyLimits(server);
  server.on('connection', markTunnelIngress);
  let port: number;
  const saved = savedPort(opts.dir);
  if (opts.port !== undefined) {
    port = await listen(server, '127.0.0.1', opts.port);
  } else if (saved) {
    try {
      port = await listen(server, '127.0.0.1', saved);
    } catch {
      port = await listen(server, '127.0.0.1', 0);
      opts.onNewPort?.(saved, port);
    }
  } else {
    port = await listen(server, '127.0.0.1', 0);
  }
  writeFileSync(join(opts.dir, INGRESS_FILE), JSON.stringify({ port }) + '\n', { mode: 0o600 });
  return { server, port, url: `http://127.0.0.1:${port}` };
}
