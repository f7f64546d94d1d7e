import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { configSchema } from '../core/index.js';
import { applyServerLimits, serverOptions } from './timeouts.js';

const config = configSchema.parse({ stateDir: '/tmp/unused', server: { headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 500, maxPendingConnections: 2 } });
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function start(): Promise<number> {
  const server = createServer(serverOptions(config), (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  applyServerLimits(server, config);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Resolves when the server closes the socket (the test's own timeout catches "never"). */
const closed = (s: Socket) => new Promise<void>((r) => s.once('close', () => r()));

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => {});
    s.resume(); // read what the server sends, so its FIN (after a 408) is seen
  });
}

test('#20 item 4: a client that sends headers and part of a body does not hold the socket for ever', { timeout: 20_000 }, async () => {
  const port = await start();
  const s = await open(port);
  s.write('POST /api/cli/connect HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"pass');
  await closed(s);
});

test('#20 item 4: a client that never finishes its headers is closed too', { timeout: 20_000 }, async () => {
  const port = await start();
  const s = await open(port);
  s.write('POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n');
  await closed(s);
});

test('#20 item 4: connections that have not sent a complete request are bounded', { timeout: 20_000 }, async () => {
  const port = await start();
  const a = await open(port);
  const b = await open(port);
  await new Promise((r) => setTimeout(r, 100));
  const c = await open(port);
  await closed(c); // refused at once: two are already pending
  a.destroy();
  b.destroy();
});
